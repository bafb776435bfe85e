/**
 * The page script of report.html, as a string (inlined, allowed by its sha256 in the CSP). It reads the data from
 * `<script id="report-data" type="application/json">` with JSON.parse and builds the page with DOM APIs only:
 * textContent, createElement(NS), setAttribute of fixed names. No innerHTML, no eval, no string-built markup, so a
 * finding titled `</script><img onerror=…>` is shown as that text.
 *
 * The findings table is paged (PAGE rows in the DOM whatever the count); filter and sort work on an index array.
 * When the charts are drawn and the first rows shown, it sets `data-ready` on <html> and `window.__reportTimings`
 * (performance.now() marks, read by the benchmark). Plain ES2020, no template literals (the source is a TS string).
 */
export const CLIENT_SCRIPT = String.raw`(function () {
'use strict';
var PAGE = 50;
var SEV_LABEL = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };
var SEV_COLOR = { critical: '#b60205', high: '#d93f0b', medium: '#d4a000', low: '#1d76db', info: '#6a737d' };
var timings = { start: performance.now() };
window.__reportTimings = timings;
var data = JSON.parse(document.getElementById('report-data').textContent);
var H = data.header;
var rows = data.rows;
var SEVS = H.severities;
var SVG = 'http://www.w3.org/2000/svg';

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function svg(tag, attrs) {
  var e = document.createElementNS(SVG, tag);
  for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, String(attrs[k]));
  return e;
}
function fmt(n) { return typeof n === 'number' ? n.toLocaleString('en-US') : String(n); }
function section(title, id) {
  var s = el('section', 'card');
  if (id) s.id = id;
  s.appendChild(el('h2', null, title));
  return s;
}
function safeHref(a, url) {
  if (typeof url === 'string' && /^https?:\/\//i.test(url)) { a.href = url; a.rel = 'noopener noreferrer'; a.target = '_blank'; }
  return a;
}
function link(text, url) { return safeHref(el('a', null, text), url); }
function isObj(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
function words(key) { return String(key).replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').replace(/^./, function (c) { return c.toUpperCase(); }); }

var app = document.getElementById('app');

// ── header and verdict ──
function renderHeader() {
  var head = el('header', 'top');
  var h1 = el('h1', null, 'Security report');
  head.appendChild(h1);
  var sub = el('p', 'sub');
  var ctx = H.context || {};
  var parts = [];
  if (ctx.repository) parts.push(ctx.repository);
  if (ctx.sha) parts.push(String(ctx.sha).slice(0, 12));
  parts.push(H.tool.name + ' ' + H.tool.version);
  parts.push(H.generatedAt);
  sub.textContent = parts.join(' · ');
  head.appendChild(sub);
  var nav = el('p', 'links');
  if (ctx.runUrl) nav.appendChild(link('Workflow run ' + (ctx.runId || ''), ctx.runUrl));
  if (ctx.prUrl) { if (nav.childNodes.length) nav.appendChild(document.createTextNode(' · ')); nav.appendChild(link('Pull request #' + ctx.pr, ctx.prUrl)); }
  if (nav.childNodes.length) head.appendChild(nav);
  app.appendChild(head);

  var v = H.verdict;
  var block = v.decision === 'BLOCK';
  var verdict = el('section', 'verdict ' + (block ? 'block' : 'proceed'));
  verdict.id = 'verdict';
  verdict.appendChild(el('div', 'decision', block ? 'BLOCK' : 'PROCEED'));
  var txt = el('div', 'why');
  txt.appendChild(el('p', null, (block ? 'The gate blocks this change.' : 'The gate lets this change proceed.') + ' Risk: ' + v.risk + ' · fail-on: ' + v.failOn + (v.newOnly ? ' (new findings only)' : '') + ' · ' + fmt(H.total) + ' finding' + (H.total === 1 ? '' : 's') + '.'));
  if (v.reasons && v.reasons.length) {
    var ul = el('ul');
    v.reasons.forEach(function (r) { ul.appendChild(el('li', null, r)); });
    txt.appendChild(ul);
  }
  verdict.appendChild(txt);
  app.appendChild(verdict);

  var cards = el('section', 'counts');
  cards.id = 'counts';
  SEVS.forEach(function (s) {
    var c = el('div', 'count sev-' + s);
    c.appendChild(el('span', 'n', fmt(H.counts[s] || 0)));
    c.appendChild(el('span', 'l', SEV_LABEL[s] || s));
    cards.appendChild(c);
  });
  app.appendChild(cards);
}

// ── charts (inline SVG) ──
function severityChart() {
  var max = 1;
  SEVS.forEach(function (s) { max = Math.max(max, H.counts[s] || 0); });
  var w = 360, rowH = 26, labelW = 70, numW = 60, h = SEVS.length * rowH + 8;
  var root = svg('svg', { viewBox: '0 0 ' + w + ' ' + h, role: 'img', 'aria-label': 'Findings by severity', 'class': 'chart', id: 'chart-severity' });
  SEVS.forEach(function (s, i) {
    var n = H.counts[s] || 0;
    var y = 4 + i * rowH;
    var t = svg('text', { x: 0, y: y + 16, 'class': 'lbl' }); t.textContent = SEV_LABEL[s] || s; root.appendChild(t);
    var bw = Math.max(n > 0 ? 2 : 0, Math.round((w - labelW - numW) * n / max));
    var r = svg('rect', { x: labelW, y: y + 3, width: bw, height: rowH - 8, rx: 3, fill: SEV_COLOR[s] || '#888', 'data-severity': s });
    var tip = svg('title', {}); tip.textContent = (SEV_LABEL[s] || s) + ': ' + fmt(n); r.appendChild(tip);
    root.appendChild(r);
    var v = svg('text', { x: labelW + bw + 6, y: y + 16, 'class': 'num' }); v.textContent = fmt(n); root.appendChild(v);
  });
  return root;
}
function scannerChart() {
  var ids = H.scannerIds;
  var w = 360, rowH = 26, labelW = 90, numW = 60, h = Math.max(1, ids.length) * rowH + 8;
  var totals = ids.map(function (id) { var c = H.byScanner[id] || {}; var t = 0; SEVS.forEach(function (s) { t += c[s] || 0; }); return t; });
  var max = Math.max.apply(null, [1].concat(totals));
  var root = svg('svg', { viewBox: '0 0 ' + w + ' ' + h, role: 'img', 'aria-label': 'Findings by scanner and severity', 'class': 'chart', id: 'chart-scanners' });
  ids.forEach(function (id, i) {
    var y = 4 + i * rowH;
    var t = svg('text', { x: 0, y: y + 16, 'class': 'lbl' }); t.textContent = String(H.scannerNames[i]).slice(0, 14); root.appendChild(t);
    var x = labelW, c = H.byScanner[id] || {};
    SEVS.forEach(function (s) {
      var n = c[s] || 0; if (!n) return;
      var bw = Math.max(2, Math.round((w - labelW - numW) * n / max));
      var r = svg('rect', { x: x, y: y + 3, width: bw, height: rowH - 8, fill: SEV_COLOR[s] || '#888', 'data-severity': s });
      var tip = svg('title', {}); tip.textContent = H.scannerNames[i] + ' · ' + (SEV_LABEL[s] || s) + ': ' + fmt(n); r.appendChild(tip);
      root.appendChild(r); x += bw;
    });
    var v = svg('text', { x: x + 6, y: y + 16, 'class': 'num' }); v.textContent = fmt(totals[i]); root.appendChild(v);
  });
  return root;
}
function renderCharts() {
  var s = section('Findings at a glance', 'charts');
  var wrap = el('div', 'charts');
  var a = el('figure'); a.appendChild(severityChart()); a.appendChild(el('figcaption', null, 'By severity')); wrap.appendChild(a);
  var b = el('figure'); b.appendChild(scannerChart()); b.appendChild(el('figcaption', null, 'By scanner (a finding several scanners report counts for each)')); wrap.appendChild(b);
  s.appendChild(wrap);
  app.appendChild(s);
}

// ── scanners ──
function renderScanners() {
  var s = section('Scanners', 'scanners');
  var t = el('table', 'plain'); var thead = el('thead'); var tr = el('tr');
  ['Scanner', 'Status', 'Version', 'Time', 'Raw findings'].forEach(function (h) { tr.appendChild(el('th', null, h)); });
  thead.appendChild(tr); t.appendChild(thead);
  var tb = el('tbody');
  H.scanners.forEach(function (sc) {
    var r = el('tr');
    r.appendChild(el('td', null, sc.name));
    var st = el('td', 'state-' + sc.state, sc.state + (sc.error ? ': ' + sc.error : ''));
    r.appendChild(st);
    r.appendChild(el('td', null, sc.version));
    r.appendChild(el('td', null, (sc.durationMs / 1000).toFixed(1) + ' s'));
    r.appendChild(el('td', 'numc', fmt(sc.rawCount)));
    tb.appendChild(r);
  });
  t.appendChild(tb);
  var box = el('div', 'scroll'); box.appendChild(t); s.appendChild(box);
  var a = H.accounting;
  if (a) s.appendChild(el('p', 'muted', 'Raw findings: ' + fmt(a.raw) + ' · merged across scanners: ' + fmt(a.merged) + ' · filtered by severity: ' + fmt(a.filteredBySeverity) + ' · filtered by scanner settings: ' + fmt(a.filteredByScanner) + ' · suppressed: ' + fmt(a.suppressed) + ' · reported: ' + fmt(a.reported)));
  if (H.baseline) s.appendChild(el('p', 'muted', 'Baseline: ' + (H.baseline.found ? fmt(H.baseline.new) + ' new · ' + fmt(H.baseline.unchanged) + ' unchanged · ' + fmt(H.baseline.fixed) + ' fixed' : 'none') + ' (' + H.baseline.source + ')'));
  if (H.notes && H.notes.length) { var ul = el('ul', 'notes'); H.notes.forEach(function (n) { ul.appendChild(el('li', null, n)); }); s.appendChild(ul); }
  app.appendChild(s);
}

// ── insights: remediation, compliance, SLAs, trends (rendered from what the report holds) ──
// A list the report cut to the rows shown (data.ts pageValue): {"$total": full length, "items": [...]}.
function isCut(v) { return isObj(v) && typeof v.$total === 'number' && Array.isArray(v.items) && Object.keys(v).length === 2; }
function cellText(v) {
  if (v === null || v === undefined) return '';
  if (isCut(v)) return cellText(v.items) + ' … and ' + fmt(v.$total - v.items.length) + ' more';
  if (Array.isArray(v)) return v.map(cellText).join(', ');
  if (isObj(v)) { var out = []; for (var k in v) if (Object.prototype.hasOwnProperty.call(v, k)) { var t = cellText(v[k]); if (t !== '') out.push(words(k) + ': ' + t); } return out.join(' · '); }
  return typeof v === 'number' ? fmt(v) : String(v);
}
function tableOf(list, limit, total) {
  if (total === undefined) total = list.length;
  var keys = [];
  list.slice(0, 50).forEach(function (o) { if (isObj(o)) for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k) && keys.indexOf(k) < 0 && !Array.isArray(o[k]) && !isObj(o[k])) keys.push(k); });
  var nested = [];
  list.slice(0, 50).forEach(function (o) { if (isObj(o)) for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k) && keys.indexOf(k) < 0 && nested.indexOf(k) < 0) nested.push(k); });
  var t = el('table', 'plain'); var thead = el('thead'); var tr = el('tr');
  keys.concat(nested).forEach(function (k) { tr.appendChild(el('th', null, words(k))); });
  thead.appendChild(tr); t.appendChild(thead);
  var tb = el('tbody');
  list.slice(0, limit).forEach(function (o) {
    var r = el('tr');
    if (!isObj(o)) { var td0 = el('td', null, cellText(o)); td0.setAttribute('colspan', String(Math.max(1, keys.length + nested.length))); r.appendChild(td0); }
    else keys.concat(nested).forEach(function (k) {
      var v = o[k];
      var td = el('td', /status|verdict|breached/i.test(k) ? 'st st-' + String(v).toLowerCase() : null, cellText(v));
      td.setAttribute('data-label', words(k));
      if (typeof v === 'string' && (v.length > 160)) td.className = 'long';
      r.appendChild(td);
    });
    tb.appendChild(r);
  });
  t.appendChild(tb);
  var box = el('div', 'scroll'); box.appendChild(t);
  if (total > Math.min(limit, list.length)) { var f = el('div'); f.appendChild(box); f.appendChild(el('p', 'muted', fmt(total - Math.min(limit, list.length)) + ' more in findings.json.')); return f; }
  return box;
}
function renderValue(parent, v, depth) {
  if (isCut(v)) parent.appendChild(tableOf(v.items, 200, v.$total));
  else if (Array.isArray(v)) {
    if (!v.length) { parent.appendChild(el('p', 'muted', 'None.')); return; }
    parent.appendChild(tableOf(v, 200));
  } else if (isObj(v)) {
    var prim = el('dl', 'kv'); var any = false;
    for (var k in v) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      var x = v[k];
      if (Array.isArray(x) || isObj(x)) {
        if (depth < 3) { var sub = el('div', 'sub'); sub.appendChild(el(depth < 1 ? 'h3' : 'h4', null, words(k))); renderValue(sub, x, depth + 1); parent.appendChild(sub); }
        else { prim.appendChild(el('dt', null, words(k))); prim.appendChild(el('dd', null, cellText(x))); any = true; }
      } else { prim.appendChild(el('dt', null, words(k))); prim.appendChild(el('dd', /status|verdict/i.test(k) ? 'st st-' + String(x).toLowerCase() : null, cellText(x))); any = true; }
    }
    if (any) parent.insertBefore(prim, parent.children[1] || null);
  } else parent.appendChild(el('p', null, cellText(v)));
}
// Dedicated views of the five insights sections (the report's shapes, insights/types.ts); anything else the
// insights hold (the scanners' assessments) is shown by renderValue.
function itemsOf(v) { return isCut(v) ? v.items : Array.isArray(v) ? v : []; }
function totalOf(v) { return isCut(v) ? v.$total : Array.isArray(v) ? v.length : 0; }
function sevBadge(sev) { return el('span', 'badge sev-' + sev, SEV_LABEL[sev] || String(sev)); }
function bySevText(c) { var out = []; if (isObj(c)) SEVS.forEach(function (s) { if (c[s]) out.push(fmt(c[s]) + ' ' + s); }); return out.join(', '); }
function duration(ms) {
  if (typeof ms !== 'number') return '—';
  var h = ms / 3600000; if (h < 24) return fmt(Math.round(h * 10) / 10) + ' h';
  return fmt(Math.round(h / 24 * 10) / 10) + ' d';
}
function when(iso) { return typeof iso === 'string' ? iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : '—'; }
function grid(headers, rows, limit, total, label) {
  var t = el('table', 'plain'); var thead = el('thead'); var tr = el('tr');
  headers.forEach(function (h) { tr.appendChild(el('th', null, h)); });
  thead.appendChild(tr); t.appendChild(thead);
  var tb = el('tbody');
  rows.slice(0, limit).forEach(function (cells) {
    var r = el('tr');
    cells.forEach(function (c, i) {
      var td = c instanceof Node ? el('td') : el('td', null, c === undefined || c === null ? '' : String(c));
      if (c instanceof Node) td.appendChild(c);
      td.setAttribute('data-label', headers[i]);
      r.appendChild(td);
    });
    tb.appendChild(r);
  });
  t.appendChild(tb);
  var box = el('div', 'scroll'); box.appendChild(t);
  var shown = Math.min(limit, rows.length);
  if (total > shown) { var f = el('div'); f.appendChild(box); f.appendChild(el('p', 'muted', fmt(total - shown) + ' more ' + (label || '') + 'in findings.json.')); return f; }
  return box;
}
function textBlock(main, extra, code) {
  var d = el('div'); d.appendChild(el('div', null, main));
  if (extra) d.appendChild(el('div', 'muted', extra));
  if (code) { var c = el('code', null, code); var p = el('div'); p.appendChild(c); d.appendChild(p); }
  return d;
}
function renderRecommendations(s, v) {
  var list = itemsOf(v);
  if (!list.length) { s.appendChild(el('p', 'muted', 'None: nothing to upgrade, rotate or reconfigure.')); return; }
  s.appendChild(el('p', 'muted', 'Grouped by the action that fixes them, most severe first.'));
  s.appendChild(grid(['Severity', 'Action', 'Fixes', 'Where'], list.map(function (r) {
    var locs = itemsOf(r.locations); var lt = totalOf(r.locations);
    var where = locs.slice(0, 3).join(', ') + (lt > 3 ? ' … and ' + fmt(lt - 3) + ' more' : '');
    var fixes = fmt(r.findings) + ' finding' + (r.findings === 1 ? '' : 's') + (bySevText(r.bySeverity) ? ' (' + bySevText(r.bySeverity) + ')' : '');
    return [sevBadge(r.severity), textBlock(String(r.title || r.id || ''), r.detail ? String(r.detail).slice(0, 400) : '', r.command ? String(r.command) : ''), fixes, where];
  }), 200, totalOf(v)));
}
function renderPlan(s, p, recs) {
  var titles = {}; itemsOf(recs).forEach(function (r) { titles[r.id] = r.title; });
  var kv = el('dl', 'kv');
  [['Priority', p.priority], ['Total effort', fmt(p.totalEffortHours) + ' h']].forEach(function (x) { kv.appendChild(el('dt', null, x[0])); kv.appendChild(el('dd', null, String(x[1]))); });
  s.appendChild(kv);
  var phases = itemsOf(p.phases);
  if (!phases.length) s.appendChild(el('p', 'muted', 'Nothing to plan.'));
  else s.appendChild(grid(['Phase', 'Due by', 'Findings', 'Effort', 'Actions'], phases.map(function (ph) {
    var ids = itemsOf(ph.recommendations); var n = totalOf(ph.recommendations);
    var named = ids.slice(0, 3).map(function (id) { return titles[id] || id; }).join('; ') + (n > 3 ? ' … and ' + fmt(n - 3) + ' more' : '');
    return [String(ph.order) + '. ' + ph.name, when(ph.dueBy), fmt(ph.findings), fmt(ph.effortHours) + ' h', n ? fmt(n) + ': ' + named : '—'];
  }), 50, totalOf(p.phases)));
  if (p.effortModel) s.appendChild(el('p', 'muted', 'Effort: ' + p.effortModel));
}
function renderCompliance(s, c) {
  var fw = itemsOf(c.frameworks);
  if (!fw.length) s.appendChild(el('p', 'muted', 'No framework selected.'));
  fw.forEach(function (f) {
    var failed = itemsOf(f.failedControls); var nf = totalOf(f.failedControls);
    var h = el('h3'); h.appendChild(el('span', null, (f.name || f.framework) + ' ')); h.appendChild(el('span', 'st st-' + String(f.status).toLowerCase(), f.status));
    h.appendChild(el('span', 'muted', ' · ' + fmt(nf) + ' of ' + fmt(f.controlsEvaluated) + ' mapped controls failed'));
    s.appendChild(h);
    if (nf) s.appendChild(grid(['Control', 'Severity', 'Findings', 'Why', 'Source'], failed.map(function (x) {
      return [textBlock(String(x.control), String(x.title || '')), sevBadge(x.severity), fmt(x.findings), String(x.reason || ''), itemsOf(x.sources).join('; ')];
    }), 200, nf, 'failed controls '));
  });
  if (c.note) s.appendChild(el('p', 'muted', c.note));
}
function renderSlas(s, v) {
  var rows = SEVS.filter(function (x) { return v.policy && v.policy[x] !== undefined; }).map(function (x) {
    var b = (v.breached || {})[x] || 0;
    return [sevBadge(x), duration(v.policy[x]), fmt((v.tracked || {})[x] || 0), b ? el('span', 'st st-fail', fmt(b)) : '0', fmt((v.dueSoon || {})[x] || 0)];
  });
  s.appendChild(el('p', 'muted', 'Evaluated ' + when(v.evaluatedAt) + '; due dates from each finding\u2019s first-seen time (the baseline\u2019s when there is one).'));
  s.appendChild(grid(['Severity', 'Time to fix', 'Tracked', 'Breached', 'Due within ' + duration(v.dueSoonMs)], rows, 10, rows.length));
  var list = itemsOf(v.findings);
  if (list.length) {
    var named = isObj(H.slaFindings) ? H.slaFindings : {};
    s.appendChild(el('h3', null, 'Breached or due soon'));
    s.appendChild(grid(['Due', 'Severity', 'Finding', 'State'], list.map(function (f) {
      var r = Object.prototype.hasOwnProperty.call(named, f.fingerprint) ? named[f.fingerprint] : null;
      return [when(f.dueAt), sevBadge(f.severity), r ? r[0] + (r[1] ? ' — ' + r[1] : '') : String(f.fingerprint).slice(0, 16), f.breached ? el('span', 'st st-fail', 'breached') : 'due soon'];
    }), 200, typeof v.listed === 'number' ? v.listed : totalOf(v.findings)));
  }
}
function renderTrends(s, t) {
  if (t.delta) s.appendChild(el('p', null, 'Against ' + t.delta.against + ': ' + (t.delta.total > 0 ? '+' : '') + fmt(t.delta.total) + ' finding(s)' + (bySevText(t.delta.counts) ? ' (' + SEVS.filter(function (x) { return t.delta.counts[x]; }).map(function (x) { return (t.delta.counts[x] > 0 ? '+' : '') + t.delta.counts[x] + ' ' + x; }).join(', ') + ')' : '') + '.'));
  var hist = itemsOf(t.history);
  if (!t.available || !hist.length) { s.appendChild(el('p', 'muted', 'No history: ' + (t.reason || 'no earlier default-branch baselines') + '.')); }
  else {
    var max = 1; hist.forEach(function (p) { max = Math.max(max, p.total || 0); });
    var W = 600, Hh = 120, bw = Math.max(4, Math.floor((W - 20) / hist.length) - 6);
    var g = svg('svg', { viewBox: '0 0 ' + W + ' ' + (Hh + 20), class: 'chart', role: 'img', 'aria-label': 'Findings per default-branch baseline, oldest first' });
    hist.forEach(function (p, i) {
      var y = Hh; var x = 10 + i * (bw + 6);
      SEVS.forEach(function (sv) {
        var n = (p.counts || {})[sv] || 0; if (!n) return; var h = Math.max(1, Math.round(n / max * (Hh - 10)));
        y -= h; g.appendChild(svg('rect', { x: x, y: y, width: bw, height: h, fill: SEV_COLOR[sv] || '#888', 'data-severity': sv }));
      });
      var lab = svg('text', { x: x + bw / 2, y: Hh + 14, 'text-anchor': 'middle', class: 'lbl' }); lab.textContent = fmt(p.total || 0); g.appendChild(lab);
    });
    s.appendChild(g);
    s.appendChild(grid(['Baseline', 'Critical', 'High', 'Medium', 'Low', 'Total'], hist.map(function (p) {
      var c = p.counts || {};
      return [when(p.at) + (p.runId ? ' · run ' + p.runId : ''), fmt(c.critical || 0), fmt(c.high || 0), fmt(c.medium || 0), fmt(c.low || 0), fmt(p.total || 0)];
    }), 50, totalOf(t.history)));
  }
  var skipped = itemsOf(t.skipped);
  if (skipped.length) { var ul = el('ul', 'notes'); skipped.forEach(function (x) { ul.appendChild(el('li', 'muted', 'Skipped: ' + x)); }); s.appendChild(ul); }
}
function figureText(v) { return isObj(v) ? Object.keys(v).map(function (k) { return k + ' ' + fmt(v[k]); }).join(', ') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : cellText(v); }
function renderAssessments(s, v) {
  var list = itemsOf(v);
  if (!list.length) { s.appendChild(el('p', 'muted', 'None.')); return; }
  list.forEach(function (a) {
    var name = a.scanner; (H.scanners || []).forEach(function (sc) { if (sc.id === a.scanner) name = sc.name; });
    var ra = isObj(a.riskAssessment) ? a.riskAssessment : {};
    var h = el('h3'); h.appendChild(el('span', null, name + ' · overall risk ')); h.appendChild(el('span', 'st st-' + (ra.overallRisk === 'LOW' ? 'pass' : 'fail'), String(ra.overallRisk || '—'))); s.appendChild(h);
    var kv = el('dl', 'kv');
    [ra, isObj(a.statistics) ? a.statistics : {}].forEach(function (o) { for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k) && k !== 'overallRisk') { kv.appendChild(el('dt', null, words(k))); kv.appendChild(el('dd', null, figureText(o[k]))); } });
    s.appendChild(kv);
    var targets = itemsOf(a.targets);
    if (targets.length) s.appendChild(grid(['Target', 'Type', 'Status', 'Findings'], targets.map(function (t) {
      var sm = isObj(t.summary) ? t.summary : {};
      return [String(t.target), String(t.type || ''), el('span', 'st st-' + String(sm.status).toLowerCase(), String(sm.status || '')), fmt(sm.total || 0) + (bySevText(sm.counts) ? ' (' + bySevText(sm.counts) + ')' : '')];
    }), 200, totalOf(a.targets), 'targets '));
  });
}
var SECTIONS = [
  ['Recommendations', 'recommendations', function (s, v) { renderRecommendations(s, v); }],
  ['Remediation plan', 'remediationPlan', function (s, v, ins) { renderPlan(s, v, ins.recommendations); }],
  ['Compliance', 'complianceStatus', function (s, v) { renderCompliance(s, v); }],
  ['SLAs', 'slas', function (s, v) { renderSlas(s, v); }],
  ['Trends', 'trends', function (s, v) { renderTrends(s, v); }],
  ['Per scanner', 'assessments', function (s, v) { renderAssessments(s, v); }],
];
var PLAIN = { summary: true, findingsBySeverity: true };
function renderInsights() {
  var ins = isObj(H.insights) ? H.insights : null;
  SECTIONS.forEach(function (def) {
    var s = section(def[0], 'insight-' + def[1].toLowerCase());
    var v = ins ? ins[def[1]] : undefined;
    if (v === undefined || v === null) s.appendChild(el('p', 'muted', 'Not in this report.'));
    else if (isObj(v) || Array.isArray(v)) def[2](s, v, ins);
    else s.appendChild(el('p', null, cellText(v)));
    app.appendChild(s);
  });
  if (ins) for (var k in ins) {
    if (!Object.prototype.hasOwnProperty.call(ins, k) || PLAIN[k] || SECTIONS.some(function (d) { return d[1] === k; })) continue;
    var s2 = section(words(k), null); renderValue(s2, ins[k], 0); app.appendChild(s2);
  }
}

// ── findings table: filter, sort, pages ──
var order = null, view = null, page = 0, sortCol = 'severity', sortDir = 1, hay = null;
var tbody, pager, shownInfo, filters = {};
var COLS = [
  ['severity', 'Severity'], ['title', 'Finding'], ['rule', 'Rule'], ['scanner', 'Scanner'], ['location', 'Location'], ['package', 'Package'],
];
function locOf(r) { var p = r[5] || r[10] || ''; return r[6] > 0 && r[5] ? p + ':' + r[6] : p; }
function scannersOf(r) { return r[4].map(function (i) { return H.scannerNames[i]; }).join(', '); }
function buildHay() {
  hay = new Array(rows.length);
  for (var i = 0; i < rows.length; i++) { var r = rows[i]; hay[i] = (r[2] + '\u0000' + r[3] + '\u0000' + r[5] + '\u0000' + r[10] + '\u0000' + r[7]).toLowerCase(); }
}
function key(col) {
  switch (col) {
    case 'title': return function (r) { return r[2].toLowerCase(); };
    case 'rule': return function (r) { return r[3].toLowerCase(); };
    case 'scanner': return function (r) { return scannersOf(r).toLowerCase(); };
    case 'location': return function (r) { return (r[5] || r[10]).toLowerCase(); };
    case 'package': return function (r) { return r[7].toLowerCase(); };
    default: return null;
  }
}
function applySort() {
  var col = sortCol, dir = sortDir;
  var base = new Int32Array(rows.length);
  for (var i = 0; i < rows.length; i++) base[i] = i;
  if (col === 'severity') { if (dir < 0) base.reverse(); order = base; return; }
  var k = key(col); var keys = new Array(rows.length);
  for (var j = 0; j < rows.length; j++) keys[j] = k(rows[j]);
  var arr = Array.prototype.slice.call(base);
  arr.sort(function (a, b) { var x = keys[a], y = keys[b]; if (x < y) return -dir; if (x > y) return dir; if (col === 'location' && rows[a][6] !== rows[b][6]) return (rows[a][6] - rows[b][6]) * dir; return a - b; });
  order = Int32Array.from(arr);
}
function applyFilter() {
  var q = (filters.q.value || '').trim().toLowerCase();
  var sev = filters.sev.value, sc = filters.sc.value, kind = filters.kind.value, onlyNew = filters.isNew && filters.isNew.checked;
  var sevI = sev === '' ? -1 : SEVS.indexOf(sev), scI = sc === '' ? -1 : Number(sc), kindI = kind === '' ? -1 : Number(kind);
  if (q && !hay) buildHay();
  var out = new Int32Array(order.length), n = 0;
  for (var i = 0; i < order.length; i++) {
    var idx = order[i], r = rows[idx];
    if (sevI >= 0 && r[0] !== sevI) continue;
    if (kindI >= 0 && r[1] !== kindI) continue;
    if (scI >= 0 && r[4].indexOf(scI) < 0) continue;
    if (onlyNew && r[9] !== 1) continue;
    if (q && hay[idx].indexOf(q) < 0) continue;
    out[n++] = idx;
  }
  view = out.subarray(0, n);
  page = 0;
}
function cell(tr, label, text, cls) { var td = el('td', cls, text); td.setAttribute('data-label', label); tr.appendChild(td); return td; }
function renderRows() {
  var frag = document.createDocumentFragment();
  var from = page * PAGE, to = Math.min(view.length, from + PAGE);
  for (var i = from; i < to; i++) {
    var r = rows[view[i]];
    var tr = el('tr');
    var sev = SEVS[r[0]];
    var sc = cell(tr, 'Severity', '', 'sev');
    sc.appendChild(el('span', 'badge sev-' + sev, SEV_LABEL[sev] || sev));
    if (r[9] === 1) sc.appendChild(el('span', 'badge new', 'new'));
    var t = cell(tr, 'Finding', r[2] || '(no title)', 'title');
    t.setAttribute('title', H.kinds[r[1]] || '');
    cell(tr, 'Rule', r[3], 'rule');
    cell(tr, 'Scanner', scannersOf(r), null);
    var loc = cell(tr, 'Location', '', 'loc');
    var text = locOf(r);
    var url = fileUrl(r);
    if (url) loc.appendChild(link(text, url)); else loc.textContent = text;
    if (r[10] && r[5]) loc.appendChild(el('div', 'muted', r[10]));
    cell(tr, 'Package', r[7] ? r[7] + (r[8] ? ' → ' + r[8] : '') : '', 'pkg');
    frag.appendChild(tr);
  }
  tbody.textContent = '';
  tbody.appendChild(frag);
  var pages = Math.max(1, Math.ceil(view.length / PAGE));
  shownInfo.textContent = view.length ? 'Showing ' + fmt(from + 1) + '–' + fmt(to) + ' of ' + fmt(view.length) + (view.length !== rows.length ? ' (filtered from ' + fmt(rows.length) + ')' : '') : 'No finding matches the filter.';
  pager.page.textContent = 'Page ' + fmt(page + 1) + ' of ' + fmt(pages);
  pager.prev.disabled = page <= 0;
  pager.next.disabled = page >= pages - 1;
  document.documentElement.setAttribute('data-rows', String(to - from));
}
function fileUrl(r) {
  var base = H.context && H.context.blobBase;
  var p = r[5];
  if (!base || !p) return null;
  var segs = p.split('/');
  for (var i = 0; i < segs.length; i++) if (segs[i] === '' || segs[i] === '.' || segs[i] === '..') return null;
  return base + segs.map(encodeURIComponent).join('/') + (r[6] > 0 ? '#L' + r[6] : '');
}
function refresh(resort) {
  var t0 = performance.now();
  if (resort) applySort();
  applyFilter();
  renderRows();
  timings.lastUpdateMs = performance.now() - t0;
  timings.updates = (timings.updates || 0) + 1;
}
function option(sel, value, text) { var o = el('option', null, text); o.value = value; sel.appendChild(o); }
function renderFindings() {
  var s = section('Findings', 'findings');
  var bar = el('div', 'filters');
  var q = el('input'); q.type = 'search'; q.id = 'filter-text'; q.placeholder = 'Filter: title, rule, path, package'; q.setAttribute('aria-label', 'Filter findings');
  var sev = el('select'); sev.id = 'filter-severity'; sev.setAttribute('aria-label', 'Severity'); option(sev, '', 'All severities'); SEVS.forEach(function (x) { option(sev, x, SEV_LABEL[x] || x); });
  var sc = el('select'); sc.id = 'filter-scanner'; sc.setAttribute('aria-label', 'Scanner'); option(sc, '', 'All scanners'); H.scannerNames.forEach(function (n, i) { option(sc, String(i), n); });
  var kind = el('select'); kind.id = 'filter-kind'; kind.setAttribute('aria-label', 'Kind'); option(kind, '', 'All kinds'); H.kinds.forEach(function (n, i) { option(kind, String(i), n); });
  filters = { q: q, sev: sev, sc: sc, kind: kind };
  [q, sev, sc, kind].forEach(function (c) { bar.appendChild(c); });
  if (H.baseline && H.baseline.found) {
    var lab = el('label', 'chk'); var cb = el('input'); cb.type = 'checkbox'; cb.id = 'filter-new'; lab.appendChild(cb); lab.appendChild(document.createTextNode(' new only')); bar.appendChild(lab); filters.isNew = cb;
    cb.addEventListener('change', function () { refresh(false); });
  }
  q.addEventListener('input', function () { refresh(false); });
  [sev, sc, kind].forEach(function (c) { c.addEventListener('change', function () { refresh(false); }); });
  s.appendChild(bar);
  var table = el('table', 'findings'); table.id = 'findings-table';
  var thead = el('thead'); var tr = el('tr');
  COLS.forEach(function (c) {
    var th = el('th'); th.setAttribute('aria-sort', c[0] === sortCol ? 'ascending' : 'none');
    var b = el('button', 'sort', c[1]); b.type = 'button'; b.setAttribute('data-col', c[0]);
    b.addEventListener('click', function () {
      if (sortCol === c[0]) sortDir = -sortDir; else { sortCol = c[0]; sortDir = 1; }
      var ths = thead.querySelectorAll('th');
      for (var i = 0; i < ths.length; i++) ths[i].setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
      refresh(true);
    });
    th.appendChild(b); tr.appendChild(th);
  });
  thead.appendChild(tr); table.appendChild(thead);
  tbody = el('tbody'); table.appendChild(tbody);
  var box = el('div', 'scroll'); box.appendChild(table); s.appendChild(box);
  var pg = el('div', 'pager');
  var prev = el('button', null, '‹ Previous'); prev.type = 'button'; prev.id = 'page-prev';
  var next = el('button', null, 'Next ›'); next.type = 'button'; next.id = 'page-next';
  var pl = el('span', 'muted');
  shownInfo = el('span', 'shown'); shownInfo.id = 'shown';
  prev.addEventListener('click', function () { if (page > 0) { page--; renderRows(); } });
  next.addEventListener('click', function () { if ((page + 1) * PAGE < view.length) { page++; renderRows(); } });
  pg.appendChild(prev); pg.appendChild(pl); pg.appendChild(next); pg.appendChild(shownInfo);
  pager = { prev: prev, next: next, page: pl };
  s.appendChild(pg);
  s.appendChild(el('p', 'muted print-only', 'The printed report lists the first ' + PAGE + ' findings of the table; report.html and findings.json have all ' + fmt(rows.length) + '.'));
  app.appendChild(s);
  order = null; applySort(); applyFilter(); renderRows();
}

renderHeader();
renderCharts();
renderFindings();
renderInsights();
renderScanners();
timings.ready = performance.now();
document.documentElement.setAttribute('data-ready', '1');
setTimeout(function () { if (!hay) buildHay(); timings.indexed = performance.now(); }, 0);
})();
`;
