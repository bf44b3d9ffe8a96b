// The index of a batch's review pages: one line per document, sortable.
// Built with textContent only, like the review page.
(function () {
  'use strict';
  const D = JSON.parse(document.getElementById('sverka-data').textContent);
  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'class') e.className = attrs[k];
      else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }
  // Verdicts sort by how much they ask of the reviewer.
  const VERDICT_ORDER = { unrelated: 0, doubtful: 1, ok: 2, '': 3 };
  const columns = [
    { key: 'name', label: 'document', value: function (e) { return e.name; } },
    { key: 'verdict', label: 'verdict', value: function (e) { return VERDICT_ORDER[e.verdict] !== undefined ? VERDICT_ORDER[e.verdict] : 3; } },
    { key: 'rows', label: 'rows', num: true },
    { key: 'flagged', label: 'flagged', num: true },
    { key: 'omissions', label: 'omissions', num: true },
    { key: 'additions', label: 'additions', num: true },
    { key: 'mean_confidence', label: 'mean confidence', num: true },
    { key: 'kinds', label: 'kinds', value: function (e) { return e.kinds; } },
    { key: 'status', label: 'status', value: function (e) { return e.status; } },
  ];
  const totals = D.entries.reduce(function (t, e) {
    t.rows += e.rows; t.flagged += e.flagged; t.failed += e.page ? 0 : 1;
    return t;
  }, { rows: 0, flagged: 0, failed: 0 });
  document.body.appendChild(el('header', { id: 'head' }, [
    el('h1', { text: D.title }),
    el('p', null, [el('b', { id: 'doc-count', text: String(D.entries.length) }), ' documents, ',
      el('b', { text: String(totals.rows) }), ' rows, ', el('b', { id: 'flagged-total', text: String(totals.flagged) }),
      ' flagged for review', totals.failed ? '; ' + totals.failed + ' without a page (failed)' : '', '. Click a column to sort.']),
    D.command ? el('p', null, ['Made with ', el('code', { text: D.command })]) : null,
  ]));
  const tbody = el('tbody');
  const heads = columns.map(function (c) {
    return el('th', { scope: 'col', 'data-key': c.key }, [el('button', { type: 'button', text: c.label, onclick: function () { sortBy(c); } })]);
  });
  const table = el('table', { class: 'index' }, [el('thead', null, [el('tr', null, heads)]), tbody]);
  document.body.appendChild(el('div', { class: 'index-wrap' }, [table]));
  let sorted = null, ascending = true;
  function valueOf(c, e) {
    if (c.value) return c.value(e);
    const v = e[c.key];
    return v === null || v === undefined ? -1 : v;
  }
  function sortBy(c) {
    ascending = sorted === c ? !ascending : !c.num;
    sorted = c;
    heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
    heads[columns.indexOf(c)].setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    fill();
  }
  function fill() {
    const list = D.entries.slice();
    if (sorted) {
      list.sort(function (a, b) {
        const x = valueOf(sorted, a), y = valueOf(sorted, b);
        const d = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
        return ascending ? d : -d;
      });
    }
    tbody.replaceChildren.apply(tbody, list.map(function (e) {
      const name = e.page ? el('a', { href: e.page, text: e.name }) : el('span', { text: e.name });
      return el('tr', { 'data-name': e.name }, [
        el('td', null, [name]),
        el('td', null, [el('span', { class: 'verdict ' + (e.verdict || 'unknown'), text: e.verdict || '?' })]),
        el('td', { class: 'n', text: String(e.rows) }),
        el('td', { class: 'n', text: String(e.flagged) }),
        el('td', { class: 'n', text: String(e.omissions) }),
        el('td', { class: 'n', text: String(e.additions) }),
        el('td', { class: 'n', text: e.mean_confidence === null ? '' : e.mean_confidence.toFixed(3) }),
        el('td', { text: e.kinds }),
        el('td', { text: e.error ? e.status + ': ' + e.error : e.status }),
      ]);
    }));
  }
  fill();
  document.body.setAttribute('data-ready', '1');
})();
