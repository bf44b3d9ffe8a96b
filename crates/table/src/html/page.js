// The review page of sverka. Reads the rows from the JSON element written by
// crates/table/src/html.rs and builds every node with textContent: no input
// text is ever parsed as HTML.
(function () {
  'use strict';
  const D = JSON.parse(document.getElementById('sverka-data').textContent);
  const C = { row: 0, ru_lines: 1, en_lines: 2, ru: 3, en: 4, kind: 5, confidence: 6, flags: 7, details: 8, status: 9, note: 10 };
  const GAP_FLAGS = ['omission', 'addition'];
  const STATUSES = ['ok', 'fix', 'reject'];

  const rows = D.rows.map(function (r, i) {
    const cells = r[0];
    const conf = cells[C.confidence] === '' ? NaN : parseFloat(cells[C.confidence]);
    const flags = cells[C.flags] ? cells[C.flags].split(';') : [];
    return {
      i: i, cells: cells, conf: conf, flags: flags,
      review: flags.some(function (f) { return GAP_FLAGS.indexOf(f) < 0; }),
      gap: flags.some(function (f) { return GAP_FLAGS.indexOf(f) >= 0; }),
      place: r[1], terms: { ru: r[2], en: r[3] }, times: r[4],
      // The reviewer's work: null where the table's value stands.
      status: cells[C.status], note: cells[C.note], text: { ru: null, en: null },
    };
  });
  const text = function (r, side) { return r.text[side] !== null ? r.text[side] : r.cells[C[side]]; };

  // ---- Small DOM helpers (text only, never HTML) ----
  const $ = function (sel) { return document.querySelector(sel); };
  const baseName = function (path) { return path.split(/[\\/]/).pop(); };
  const el = sverkaEl;
  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }
  function confColor(c) {
    if (!isFinite(c)) return '#999';
    return 'hsl(' + Math.round(c * 120) + ', 65%, 42%)';
  }

  // ---- Saved review (localStorage, keyed by the document's hash) ----
  const storeKey = 'sverka-review:' + D.key;
  let storeOk = true;
  function loadReview() {
    let saved = null;
    try {
      saved = JSON.parse(window.localStorage.getItem(storeKey) || 'null');
    } catch (e) {
      storeOk = false;
    }
    if (!saved || typeof saved.rows !== 'object') return;
    for (const k in saved.rows) {
      const r = rows[+k];
      const s = saved.rows[k];
      if (!r || !s) continue;
      if (STATUSES.indexOf(s.s) >= 0 || s.s === '') r.status = s.s;
      if (typeof s.n === 'string') r.note = s.n;
      if (typeof s.ru === 'string') r.text.ru = s.ru;
      if (typeof s.en === 'string') r.text.en = s.en;
    }
  }
  function saveReview() {
    const out = {};
    rows.forEach(function (r) {
      if (r.status !== r.cells[C.status] || r.note !== r.cells[C.note] || r.text.ru !== null || r.text.en !== null) {
        const s = { s: r.status, n: r.note };
        if (r.text.ru !== null) s.ru = r.text.ru;
        if (r.text.en !== null) s.en = r.text.en;
        out[r.i] = s;
      }
    });
    try {
      window.localStorage.setItem(storeKey, JSON.stringify({ v: 1, rows: out }));
      storeOk = true;
    } catch (e) {
      storeOk = false;
    }
    showProgress();
  }

  // ---- The table as CSV, escaped exactly as sverka writes it ----
  // The rules come from escape.rs through the data (D.escape); only Rust's
  // notion of whitespace (char::is_whitespace, not JavaScript's \s) is here.
  const E = D.escape;
  const FORMULA = E.formula;
  const WS = '\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
  const TRIM = new RegExp('^[' + WS + ']+|[' + WS + ']+$', 'g');
  const IS_WS = new RegExp('^[' + WS + ']$');
  const SPLIT = new RegExp('[' + WS + ',.]');
  function looksNumeric(s) {
    const t = s.replace(TRIM, '');
    if (!/[0-9]/.test(t)) return false;
    for (const ch of t) {
      if (!(ch >= '0' && ch <= '9') && !IS_WS.test(ch) && E.number.indexOf(ch) < 0) return false;
    }
    return true;
  }
  function isMonth(w) {
    return E.months.indexOf(w) >= 0 || E.ru_months.some(function (stem) {
      return w.slice(0, stem.length) === stem && E.ru_endings.indexOf(w.slice(stem.length)) >= 0;
    });
  }
  function looksLikeDate(s) {
    const words = s.split(SPLIT).filter(function (w) { return w !== ''; }).map(function (w) { return w.toLowerCase(); });
    if (words.length < 2 || words.length > 3) return false;
    const numbers = words.filter(function (w) { return /^[0-9]{1,4}$/.test(w); }).length;
    const months = words.filter(isMonth).length;
    return months === 1 && numbers === words.length - 1;
  }
  function needsEscape(s) {
    const t = s.replace(/^'+/, '');
    return t !== '' && FORMULA.indexOf(t[0]) >= 0;
  }
  function escapeCell(s, isText) {
    const bare = s.replace(/^'+/, '');
    const need = needsEscape(s) || (isText && (looksNumeric(bare) || looksLikeDate(bare)));
    return need ? "'" + s : s;
  }
  function csvField(s) {
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  const TEXT_COLUMNS = [C.ru, C.en, C.details, C.note];
  function tableCsv() {
    // Excel flavour, as `sverka align -o x.csv` writes: BOM, CRLF.
    const lines = [D.columns.join(',')];
    rows.forEach(function (r) {
      const cells = r.cells.slice();
      cells[C.ru] = text(r, 'ru');
      cells[C.en] = text(r, 'en');
      cells[C.status] = r.status;
      cells[C.note] = r.note;
      lines.push(cells.map(function (c, col) {
        return csvField(escapeCell(c, TEXT_COLUMNS.indexOf(col) >= 0));
      }).join(','));
    });
    return '\ufeff' + lines.join('\r\n') + '\r\n';
  }
  function download() {
    const blob = new Blob([tableCsv()], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const base = decodeURIComponent(location.pathname.split('/').pop() || 'review').replace(/\.html?$/i, '');
    const a = el('a', { href: url, download: (base || 'review') + '.reviewed.csv' });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  // ---- Header ----
  const verdictText = {
    ok: 'the files look like translations of each other',
    doubtful: 'check that these are the right files: few rows share words, names or numbers',
    unrelated: 'these files do not look like translations of each other',
  };
  function countBy(list) {
    const m = new Map();
    list.forEach(function (k) { m.set(k, (m.get(k) || 0) + 1); });
    return Array.from(m.entries()).sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
  }
  const kinds = countBy(rows.map(function (r) { return r.cells[C.kind]; }));
  const flagCounts = countBy([].concat.apply([], rows.map(function (r) { return r.flags; })));
  const flaggedCount = rows.filter(function (r) { return r.review; }).length;
  const progress = el('span', { id: 'progress' });
  function buildHeader() {
    const name = function (f, lang) { return (f || lang) + ' (' + lang + ')'; };
    const verdict = D.verdict || 'unknown';
    const head = el('header', { id: 'head' }, [
      el('h1', { text: name(D.ru_file, D.ru_lang) + '  ↔  ' + name(D.en_file, D.en_lang) }),
      el('p', null, [
        el('b', { id: 'row-count', text: String(rows.length) }), ' rows: ',
        kinds.map(function (k) { return k[1] + '×' + k[0]; }).join(', '),
        '. ', el('b', { id: 'flagged-count', text: String(flaggedCount) }), ' flagged for review',
        flagCounts.length ? '; by flag: ' : '',
        el('span', null, flagCounts.map(function (f) {
          return el('span', { class: 'chip ' + f[0], text: f[0] + ' ' + f[1] });
        })),
      ]),
      el('p', null, [
        'Verdict: ', el('span', { id: 'verdict', class: 'verdict ' + (verdictText[verdict] ? verdict : 'unknown'), text: verdict }),
        verdictText[verdict] ? ' ' + verdictText[verdict] + '.' : '', ' ', progress,
      ]),
      D.command ? el('p', { class: 'made' }, ['Made with ', el('code', { id: 'command', text: D.command }),
        D.version ? ' (sverka ' + D.version + (D.options ? '; ' + D.options : '') + ')' : '']) : null,
    ]);
    return head;
  }
  function showProgress() {
    const n = { ok: 0, fix: 0, reject: 0 };
    let edited = 0;
    rows.forEach(function (r) {
      if (n[r.status] !== undefined) n[r.status] += 1;
      if (r.text.ru !== null || r.text.en !== null) edited += 1;
    });
    progress.textContent = 'Reviewed: ' + (n.ok + n.fix + n.reject) + ' of ' + rows.length +
      ' (ok ' + n.ok + ', fix ' + n.fix + ', reject ' + n.reject + '; ' + edited + ' edited).';
    const saved = $('#saved');
    if (saved) {
      saved.textContent = storeOk ? 'Review kept in this browser' : 'This browser does not keep the review: download the table';
      saved.className = storeOk ? '' : 'warn';
    }
  }

  // ---- Toolbar: filters, search, navigation, download ----
  const filter = { show: 'all', flag: '', kind: '', status: '', conf: 1, query: '' };
  function option(value, label) { return el('option', { value: value, text: label }); }
  function buildBar() {
    const showSel = el('select', { id: 'show', 'aria-label': 'Rows to show', onchange: function (e) { filter.show = e.target.value; refilter(); } }, [
      option('all', 'All rows'), option('review', 'Flagged for review'), option('any', 'Flagged or gaps'),
    ]);
    const flagSel = el('select', { id: 'flag', 'aria-label': 'Flag', onchange: function (e) { filter.flag = e.target.value; refilter(); } },
      [option('', 'Any flag')].concat(flagCounts.map(function (f) { return option(f[0], f[0] + ' (' + f[1] + ')'); })));
    const kindSel = el('select', { id: 'kind', 'aria-label': 'Kind', onchange: function (e) { filter.kind = e.target.value; refilter(); } },
      [option('', 'Any kind')].concat(kinds.map(function (k) { return option(k[0], k[0] + ' (' + k[1] + ')'); })));
    const statusSel = el('select', { id: 'status', 'aria-label': 'Review status', onchange: function (e) { filter.status = e.target.value; refilter(); } }, [
      option('', 'Any status'), option('none', 'Not reviewed'), option('ok', 'ok'), option('fix', 'fix'), option('reject', 'reject'),
    ]);
    const confOut = el('span', { id: 'conf-value', text: 'any' });
    const conf = el('input', { id: 'conf', type: 'range', min: '0', max: '1', step: '0.05', value: '1', 'aria-label': 'Confidence below',
      oninput: function (e) {
        filter.conf = parseFloat(e.target.value);
        confOut.textContent = filter.conf >= 1 ? 'any' : '< ' + filter.conf.toFixed(2);
        refilter();
      } });
    const search = el('input', { id: 'search', type: 'search', placeholder: 'Search both sides  ( / )', 'aria-label': 'Search',
      oninput: function (e) { filter.query = e.target.value; refilter(); } });
    return el('div', { id: 'bar' }, [
      el('button', { class: 'mapbtn', type: 'button', text: 'Map', onclick: function () { document.body.classList.toggle('show-map'); } }),
      search, showSel, flagSel, kindSel, statusSel,
      el('label', null, ['Confidence ', conf, ' ', confOut]),
      el('button', { id: 'prev', type: 'button', title: 'Previous flagged row (k)', text: '↑ flagged', onclick: function () { nextFlagged(-1); } }),
      el('button', { id: 'next', type: 'button', title: 'Next flagged row (j)', text: '↓ flagged', onclick: function () { nextFlagged(1); } }),
      el('span', { id: 'shown' }),
      el('button', { id: 'download', type: 'button', text: 'Download reviewed table', onclick: download }),
      el('span', { id: 'saved' }),
    ]);
  }
  function lower(r, side) {
    const key = side + 'Lower';
    if (r[key] === undefined || r[key + 'Of'] !== text(r, side)) {
      r[key + 'Of'] = text(r, side);
      r[key] = r[key + 'Of'].toLowerCase();
    }
    return r[key];
  }
  function matches(r) {
    if (filter.show === 'review' && !r.review) return false;
    if (filter.show === 'any' && !r.flags.length) return false;
    if (filter.flag && r.flags.indexOf(filter.flag) < 0) return false;
    if (filter.kind && r.cells[C.kind] !== filter.kind) return false;
    if (filter.status === 'none' && r.status !== '') return false;
    if (filter.status && filter.status !== 'none' && r.status !== filter.status) return false;
    if (filter.conf < 1 && !(r.conf < filter.conf)) return false;
    if (filter.query) {
      const q = filter.query.toLowerCase();
      if (lower(r, 'ru').indexOf(q) < 0 && lower(r, 'en').indexOf(q) < 0) return false;
    }
    return true;
  }

  // ---- Rows, virtualised: only rows near the visible window are in the DOM ----
  const OVERSCAN = 600;
  let view = [];
  const posOf = new Int32Array(rows.length);
  const heights = new Float64Array(rows.length);
  let offsets = new Float64Array(1);
  const rendered = new Map();
  let cur = -1;
  let pane, spacer, narrow = false, cpl = 40;

  function estimate(r) {
    const lines = function (s) { return Math.max(1, Math.ceil(s.length / cpl)); };
    const ru = lines(text(r, 'ru')), en = lines(text(r, 'en'));
    return narrow ? (ru + en + 4) * 20 + 20 : Math.max(ru, en, 4) * 20 + 16;
  }
  function measureLayout() {
    narrow = window.matchMedia('(max-width: 760px)').matches;
    const w = pane.clientWidth || 800;
    const col = narrow ? w - 40 : (w - 7.5 * 14 - 15 * 14 - 60) / 2;
    cpl = Math.max(10, Math.floor(col / 7.4));
  }
  function computeOffsets() {
    offsets = new Float64Array(view.length + 1);
    for (let k = 0; k < view.length; k++) {
      const i = view[k];
      offsets[k + 1] = offsets[k] + (heights[i] || estimate(rows[i]));
    }
    spacer.style.height = offsets[view.length] + 'px';
  }
  // The position in the view of the row at height y.
  function findPos(y) {
    let lo = 0, hi = view.length - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid] <= y) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  function refilter() {
    const keep = cur;
    view = [];
    posOf.fill(-1);
    rows.forEach(function (r) {
      if (matches(r)) { posOf[r.i] = view.length; view.push(r.i); }
    });
    rendered.forEach(function (e) { e.remove(); });
    rendered.clear();
    computeOffsets();
    $('#shown').textContent = 'Showing ' + view.length + ' of ' + rows.length;
    $('#empty').hidden = view.length > 0;
    showFiltered();
    if (keep >= 0 && posOf[keep] >= 0) scrollToRow(keep, false); else { pane.scrollTop = 0; render(); }
  }
  function render() {
    if (!view.length) { updateWindow(); return; }
    for (let pass = 0; pass < 4; pass++) {
      const top = pane.scrollTop, bottom = top + pane.clientHeight;
      const a = findPos(top - OVERSCAN), b = Math.min(view.length, findPos(bottom + OVERSCAN) + 1);
      const want = new Set(view.slice(a, b));
      rendered.forEach(function (e, i) { if (!want.has(i)) { e.remove(); rendered.delete(i); } });
      const fresh = [];
      for (let k = a; k < b; k++) {
        const i = view[k];
        let e = rendered.get(i);
        if (!e) { e = buildRow(rows[i]); rendered.set(i, e); fresh.push(e); }
        e.style.top = offsets[k] + 'px';
      }
      fresh.forEach(function (e) { spacer.appendChild(e); });
      let changed = false;
      for (let k = a; k < b; k++) {
        const i = view[k];
        const h = rendered.get(i).offsetHeight;
        if (h && Math.abs(h - (heights[i] || estimate(rows[i]))) > 0.5) { heights[i] = h; changed = true; }
        else if (h) heights[i] = h;
      }
      if (!changed) break;
      // Keep the row at the top of the window where it was.
      const anchor = findPos(top), before = offsets[anchor], into = top - before;
      computeOffsets();
      for (let k = a; k < b; k++) rendered.get(view[k]).style.top = offsets[k] + 'px';
      const target = offsets[anchor] + into;
      if (Math.abs(target - top) > 0.5) pane.scrollTop = target;
    }
    updateWindow();
  }
  function rerow(i) {
    const old = rendered.get(i);
    if (!old) return;
    const e = buildRow(rows[i]);
    e.style.top = old.style.top;
    old.replaceWith(e);
    rendered.set(i, e);
    render();
  }
  function scrollToRow(i, focus) {
    const k = posOf[i];
    if (k < 0) return false;
    setCurrent(i);
    pane.scrollTop = Math.max(0, offsets[k] - 8);
    render();
    pane.scrollTop = Math.max(0, offsets[k] - 8);
    render();
    if (focus && rendered.get(i)) rendered.get(i).focus({ preventScroll: true });
    return true;
  }
  function setCurrent(i) {
    if (cur >= 0) {
      if (rendered.get(cur)) rendered.get(cur).classList.remove('cur');
    }
    cur = i;
    if (cur >= 0) {
      if (rendered.get(cur)) rendered.get(cur).classList.add('cur');
    }
    showCurrent();
  }
  function nextFlagged(dir) {
    let k = cur >= 0 && posOf[cur] >= 0 ? posOf[cur] : (dir > 0 ? findPos(pane.scrollTop) - 1 : findPos(pane.scrollTop));
    for (k += dir; k >= 0 && k < view.length; k += dir) {
      if (rows[view[k]].flags.length) { scrollToRow(view[k], true); return; }
    }
  }

  // Text with the differing numbers and names, and the search, marked.
  const wordChar = /[\p{L}\p{N}]/u;
  function marked(s, terms, query) {
    const spans = [];
    terms.forEach(function (t) {
      let from = 0;
      for (;;) {
        const at = s.indexOf(t, from);
        if (at < 0) break;
        from = at + Math.max(1, t.length);
        const before = s.slice(Math.max(0, at - 2), at), after = s.slice(at + t.length, at + t.length + 2);
        // Whole words and numbers only: 12 is not marked inside 125.
        if ((before && wordChar.test(Array.from(before).pop())) || (after && wordChar.test(Array.from(after)[0]))) continue;
        spans.push([at, at + t.length, 'diff']);
      }
    });
    if (query) {
      const low = s.toLowerCase(), q = query.toLowerCase();
      // toLowerCase keeps lengths for the scripts of these documents; if not, no marking.
      if (low.length === s.length) {
        for (let at = low.indexOf(q); at >= 0; at = low.indexOf(q, at + q.length)) spans.push([at, at + q.length, 'hit']);
      }
    }
    spans.sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
    const out = [];
    let pos = 0;
    spans.forEach(function (sp) {
      if (sp[0] < pos) return;
      if (sp[0] > pos) out.push(s.slice(pos, sp[0]));
      out.push(el('mark', { class: sp[2], text: s.slice(sp[0], sp[1]) }));
      pos = sp[1];
    });
    if (pos < s.length) out.push(s.slice(pos));
    return out;
  }

  function buildSide(r, side) {
    const lang = side === 'ru' ? D.ru_lang : D.en_lang;
    const wrap = el('div', { class: 'side ' + side, 'data-lang': lang });
    const value = text(r, side);
    const edited = r.text[side] !== null;
    let body;
    if (value === '' && !edited) {
      body = el('div', { class: 'text none', text: side === 'ru' ? '— nothing in ' + lang + ' (added in ' + D.en_lang + ') —' : '— nothing in ' + lang + ' (left out) —' });
    } else {
      body = el('div', { class: 'text', lang: lang }, marked(value, edited ? [] : r.terms[side], filter.query));
    }
    const tools = el('div', { class: 'tools' }, [
      el('button', { type: 'button', class: 'edit-' + side, title: 'Edit the ' + lang + ' text', 'aria-label': 'Edit the ' + lang + ' text', text: '✎',
        onclick: function () { startEdit(r, side, wrap); } }),
      edited ? el('button', { type: 'button', class: 'revert-' + side, title: 'Back to the aligned text', 'aria-label': 'Undo the edit', text: '↺',
        onclick: function () { r.text[side] = null; saveReview(); rerow(r.i); } }) : null,
    ]);
    wrap.appendChild(body);
    if (edited) wrap.appendChild(el('div', { class: 'edited', text: 'edited' }));
    wrap.appendChild(tools);
    return wrap;
  }
  function startEdit(r, side, wrap) {
    const area = el('textarea', { class: 'edit edit-' + side + '-text', lang: side === 'ru' ? D.ru_lang : D.en_lang, 'aria-label': 'Text' });
    area.value = text(r, side);
    const store = function () {
      const v = area.value;
      r.text[side] = v === r.cells[C[side]] ? null : v;
      // Edited text is a correction: mark the row "fix" unless the reviewer chose otherwise.
      if (r.text[side] !== null && r.status === '') r.status = 'fix';
      saveReview();
    };
    area.addEventListener('input', store);
    area.addEventListener('change', store);
    area.addEventListener('blur', function () { store(); rerow(r.i); });
    area.addEventListener('keydown', function (e) { if (e.key === 'Escape') area.blur(); });
    wrap.replaceChildren(area);
    area.focus();
    render();
  }
  function buildRow(r) {
    const cls = ['row'];
    if (r.review) cls.push('flagged');
    if (r.gap) cls.push('gap');
    if (r.status) cls.push('st-' + r.status);
    if (r.i === cur) cls.push('cur');
    const c = r.cells;
    const lines = [];
    // Subtitles: the cue numbers and, beside them, the cues' times.
    const at = function (i) { return r.times[i] ? ' (' + r.times[i] + ')' : ''; };
    if (c[C.ru_lines]) lines.push(D.ru_lang + ' ' + c[C.ru_lines] + at(0));
    if (c[C.en_lines]) lines.push(D.en_lang + ' ' + c[C.en_lines] + at(1));
    const confPct = isFinite(r.conf) ? Math.round(r.conf * 100) : 0;
    const meta = el('div', { class: 'meta' }, [
      el('div', null, [el('span', { class: 'num', text: '#' + c[C.row] }), ' ', el('span', { class: 'kind', text: c[C.kind] })]),
      el('div', { class: 'lines', text: lines.join(' · ') }),
      el('div', { class: 'bar', title: 'confidence ' + (c[C.confidence] || 'unknown'), role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '1',
        'aria-valuenow': isFinite(r.conf) ? String(r.conf) : '0', 'aria-label': 'confidence' },
      [el('span', { style: 'width:' + confPct + '%;background:' + confColor(r.conf) })]),
      el('div', { class: 'conf', text: c[C.confidence] }),
    ]);
    const status = el('div', { class: 'status', role: 'group', 'aria-label': 'Status' }, STATUSES.map(function (s) {
      return el('button', { type: 'button', 'data-status': s, 'aria-pressed': r.status === s ? 'true' : 'false', text: s,
        onclick: function () { r.status = r.status === s ? '' : s; saveReview(); setCurrent(r.i); rerow(r.i); } });
    }));
    const note = el('input', { class: 'note', type: 'text', placeholder: 'note', 'aria-label': 'Note' });
    note.value = r.note;
    const keepNote = function () { r.note = note.value; saveReview(); };
    note.addEventListener('input', keepNote);
    note.addEventListener('change', keepNote);
    const review = el('div', { class: 'review' }, [
      el('div', { class: 'flags' }, r.flags.map(function (f) { return el('span', { class: 'chip ' + f, text: f }); })),
      c[C.details] ? el('div', { class: 'details', text: c[C.details] }) : null,
      status, note,
    ]);
    const row = el('div', { class: cls.join(' '), 'data-row': c[C.row], 'data-i': String(r.i), tabindex: '-1' },
      [meta, buildSide(r, 'ru'), buildSide(r, 'en'), review]);
    row.addEventListener('click', function () { setCurrent(r.i); });
    return row;
  }

  // ---- The map: Russian down, English across; one mark per row ----
  const marks = [];
  let windowRect = null, curRect = null;
  const ruTotal = Math.max(1, rows.reduce(function (s, r) { return Math.max(s, r.place[0] + r.place[1]); }, 0));
  const enTotal = Math.max(1, rows.reduce(function (s, r) { return Math.max(s, r.place[2] + r.place[3]); }, 0));
  const S = 1000;
  const MIN = 8;
  function markBox(r) {
    const x = r.place[2] / enTotal * S, w = r.place[3] / enTotal * S;
    const y = r.place[0] / ruTotal * S, h = r.place[1] / ruTotal * S;
    // Gaps are lines across their side, drawn thick so they stand out.
    const ww = r.place[3] === 0 ? 3 * MIN : Math.max(w, MIN), hh = r.place[1] === 0 ? 3 * MIN : Math.max(h, MIN);
    return [x + w / 2 - ww / 2, y + h / 2 - hh / 2, ww, hh];
  }
  // Up to this many rows the marks are SVG elements; beyond, a canvas
  // (thousands of elements make every scroll frame slow to paint).
  const SVG_MARKS = 2000;
  let canvas = null;
  function markClass(r) {
    if (r.flags.indexOf('omission') >= 0) return 'om';
    if (r.flags.indexOf('addition') >= 0) return 'ad';
    return r.review ? 'fl' : '';
  }
  function drawCanvas() {
    const ctx = canvas.getContext('2d');
    const css = getComputedStyle(document.documentElement);
    const colour = { om: css.getPropertyValue('--gap').trim(), ad: css.getPropertyValue('--add').trim() };
    ctx.clearRect(0, 0, S, S);
    ctx.strokeStyle = '#ccd';
    ctx.lineWidth = 2;
    ctx.beginPath(); ctx.moveTo(0, 0); ctx.lineTo(S, S); ctx.stroke();
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#000';
    rows.forEach(function (r) {
      const b = markBox(r), cls = markClass(r);
      ctx.globalAlpha = posOf[r.i] < 0 ? 0.15 : 1;
      ctx.fillStyle = colour[cls] || confColor(r.conf);
      ctx.fillRect(b[0], b[1], b[2], b[3]);
      if (cls === 'fl') ctx.strokeRect(b[0], b[1], b[2], b[3]);
    });
    ctx.globalAlpha = 1;
  }
  function showFiltered() {
    if (canvas) drawCanvas();
    else marks.forEach(function (m, i) { m.classList.toggle('out', posOf[i] < 0); });
  }
  function buildMap() {
    const label = 'Alignment map: ' + D.ru_lang + ' sentences down, ' + D.en_lang + ' sentences across; click a mark to go to its row';
    let map;
    if (rows.length > SVG_MARKS) {
      map = canvas = el('canvas', { id: 'map', width: String(S), height: String(S), role: 'img', 'aria-label': label, 'data-marks': String(rows.length) });
    } else {
      map = svg('svg', { id: 'map', viewBox: '0 0 ' + S + ' ' + S, preserveAspectRatio: 'none', role: 'img', 'aria-label': label, 'data-marks': String(rows.length) });
      map.appendChild(svg('line', { class: 'diag', x1: 0, y1: 0, x2: S, y2: S }));
      const frag = document.createDocumentFragment();
      rows.forEach(function (r) {
        const b = markBox(r);
        const m = svg('rect', { class: ('m ' + markClass(r)).trim(), x: b[0].toFixed(1), y: b[1].toFixed(1), width: b[2].toFixed(1), height: b[3].toFixed(1), 'data-row': r.cells[C.row] });
        if (!r.gap) m.style.fill = confColor(r.conf);
        marks.push(m);
        frag.appendChild(m);
      });
      map.appendChild(frag);
    }
    // The window and the current row are drawn in a layer of their own:
    // moved on every scroll, they would otherwise repaint every mark.
    const layer = svg('svg', { id: 'mapwin', viewBox: '0 0 ' + S + ' ' + S, preserveAspectRatio: 'none', 'aria-hidden': 'true' });
    windowRect = svg('rect', { class: 'window', x: 0, y: 0, width: 0, height: 0 });
    curRect = svg('rect', { class: 'curmark', x: 0, y: 0, width: 0, height: 0 });
    layer.appendChild(windowRect);
    layer.appendChild(curRect);
    map.addEventListener('click', function (e) {
      // Into the map's own coordinates (its box is the square 0..S).
      const box = map.getBoundingClientRect();
      const px = (e.clientX - box.left) / box.width * S, py = (e.clientY - box.top) / box.height * S;
      let best = -1, dist = Infinity;
      for (let k = 0; k < view.length; k++) {
        const b = markBox(rows[view[k]]);
        const dx = Math.max(b[0] - px, 0, px - b[0] - b[2]), dy = Math.max(b[1] - py, 0, py - b[1] - b[3]);
        // Inside or nearest to a mark first; among marks that overlap
        // there, the one whose centre is nearest.
        const cx = b[0] + b[2] / 2 - px, cy = b[1] + b[3] / 2 - py;
        const d = (dx * dx + dy * dy) * 1e6 + cx * cx + cy * cy;
        if (d < dist) { dist = d; best = view[k]; }
      }
      if (best >= 0) scrollToRow(best, true);
      // On a narrow screen the map covers the rows: out of the way.
      document.body.classList.remove('show-map');
    });
    const box = el('div', { id: 'mapbox' }, [map, layer]);
    if (canvas) drawCanvas();
    return box;
  }
  function showCurrent() {
    if (!curRect) return;
    if (cur < 0) { curRect.setAttribute('width', 0); return; }
    const b = markBox(rows[cur]);
    curRect.setAttribute('x', (b[0] - 6).toFixed(1));
    curRect.setAttribute('y', (b[1] - 6).toFixed(1));
    curRect.setAttribute('width', (b[2] + 12).toFixed(1));
    curRect.setAttribute('height', (b[3] + 12).toFixed(1));
  }
  function updateWindow() {
    if (!windowRect) return;
    if (!view.length) { windowRect.setAttribute('width', 0); return; }
    const top = pane.scrollTop;
    const a = rows[view[findPos(top)]], b = rows[view[findPos(top + pane.clientHeight - 1)]];
    const x1 = a.place[2] / enTotal * S, x2 = (b.place[2] + b.place[3]) / enTotal * S;
    const y1 = a.place[0] / ruTotal * S, y2 = (b.place[0] + b.place[1]) / ruTotal * S;
    windowRect.setAttribute('x', x1.toFixed(1));
    windowRect.setAttribute('y', y1.toFixed(1));
    windowRect.setAttribute('width', Math.max(x2 - x1, MIN).toFixed(1));
    windowRect.setAttribute('height', Math.max(y2 - y1, MIN).toFixed(1));
  }

  // ---- Page ----
  function buildPage() {
    loadReview();
    document.body.appendChild(buildHeader());
    document.body.appendChild(buildBar());
    const map = buildMap();
    const side = el('aside', { id: 'side' }, [
      el('div', { class: 'axes' }, [el('span', { text: D.ru_lang + ' ↓' }), el('span', { text: D.en_lang + ' →' })]),
      map,
      el('div', { id: 'legend' }, [
        el('div', null, [el('span', { class: 'sw', style: 'background:' + confColor(1) }), 'sure  ',
          el('span', { class: 'sw', style: 'background:' + confColor(0.5) }), '  ',
          el('span', { class: 'sw', style: 'background:' + confColor(0) }), 'unsure']),
        el('div', null, [el('span', { class: 'sw', style: 'background:var(--gap)' }), 'left out  ',
          el('span', { class: 'sw', style: 'background:var(--add)' }), 'added  ',
          el('span', { class: 'sw', style: 'border:2px solid #000' }), 'flagged']),
      ]),
      el('div', { id: 'keys' }, [
        el('kbd', { text: 'j' }), ' / ', el('kbd', { text: 'k' }), ' next / previous flagged row; ',
        el('kbd', { text: '1' }), ' ', el('kbd', { text: '2' }), ' ', el('kbd', { text: '3' }), ' ok, fix, reject; ',
        el('kbd', { text: '0' }), ' clear; ', el('kbd', { text: '/' }), ' search',
      ]),
    ]);
    pane = el('div', { id: 'pane' });
    spacer = el('div', { id: 'spacer' });
    pane.appendChild(spacer);
    pane.appendChild(el('div', { id: 'empty', text: 'No row matches the filters.', hidden: '' }));
    const list = el('div', { id: 'rows' }, [
      el('div', { id: 'colhead' }, [el('span', { text: 'row' }), el('span', { text: D.ru_lang + (D.ru_file ? ' — ' + baseName(D.ru_file) : '') }),
        el('span', { text: D.en_lang + (D.en_file ? ' — ' + baseName(D.en_file) : '') }), el('span', { text: 'flags and review' })]),
      pane,
    ]);
    document.body.appendChild(el('div', { id: 'main' }, [side, list]));
    measureLayout();
    let queued = false;
    pane.addEventListener('scroll', function () {
      if (queued) return;
      queued = true;
      requestAnimationFrame(function () { queued = false; render(); });
    });
    let width = pane.clientWidth;
    window.addEventListener('resize', function () {
      if (pane.clientWidth === width) { render(); return; }
      width = pane.clientWidth;
      measureLayout();
      heights.fill(0);
      rendered.forEach(function (e) { e.remove(); });
      rendered.clear();
      computeOffsets();
      render();
    });
    document.addEventListener('keydown', function (e) {
      const t = e.target;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) {
        if (e.key === 'Escape') t.blur();
        return;
      }
      if (e.key === 'j' || e.key === 'n') { nextFlagged(1); e.preventDefault(); }
      else if (e.key === 'k' || e.key === 'p') { nextFlagged(-1); e.preventDefault(); }
      else if (e.key === '/') { $('#search').focus(); e.preventDefault(); }
      else if (cur >= 0 && ['0', '1', '2', '3'].indexOf(e.key) >= 0) {
        rows[cur].status = e.key === '0' ? '' : STATUSES[+e.key - 1];
        saveReview();
        rerow(cur);
        e.preventDefault();
      }
    });
    showProgress();
    refilter();
    document.body.setAttribute('data-ready', '1');
    window.sverkaReadyMs = performance.now();
  }
  buildPage();
})();
