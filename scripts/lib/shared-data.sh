# Sourced by the scripts that read the shared evaluation data. The same rule
# as the tests (sverka_eval::data::shared_data_or_skip): without the data a
# script prints one line saying what is missing and how to get it, and exits
# 0 (skipped); with SVERKA_REQUIRE_DATA=1 it exits 1 instead.
#
#   need_shared_data SCRIPT FOLDER...   sets $data to the data folder

need_shared_data() {
  local script="$1"
  shift
  data="${SVERKA_SHARED_DATA:-../shared/data}"
  local folder missing=
  for folder in "$@"; do
    [ -d "$data/$folder" ] || { missing="$data/$folder"; break; }
  done
  [ -n "$missing" ] || return 0
  local how="the evaluation data is not in the repository: put it at ../shared/data beside the checkout or set SVERKA_SHARED_DATA=DIR"
  if [ "${SVERKA_REQUIRE_DATA:-}" = 1 ]; then
    echo "$script needs $missing (SVERKA_REQUIRE_DATA=1); $how" >&2
    exit 1
  fi
  echo "skipped $script: $missing not found; $how; SVERKA_REQUIRE_DATA=1 makes this a failure" >&2
  exit 0
}
