#![no_main]
// The invariants live in sverka-checks, shared with the regression replay.
libfuzzer_sys::fuzz_target!(|data: &[u8]| sverka_checks::check_subtitles(data));
