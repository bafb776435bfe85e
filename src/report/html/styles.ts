/** The stylesheet of report.html (inlined, allowed by its sha256 in the CSP). Responsive: cards and stacked table rows below 700px; print-friendly. */
export const STYLES = `
:root{--fg:#1f2328;--muted:#59636e;--bg:#f6f8fa;--card:#fff;--line:#d1d9e0;--crit:#b60205;--high:#d93f0b;--med:#d4a000;--low:#1d76db;--info:#6a737d;--ok:#1a7f37}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
#app{max-width:1200px;margin:0 auto;padding:16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 10px}h3{font-size:15px;margin:14px 0 6px}h4{font-size:14px;margin:10px 0 4px}
.sub,.muted{color:var(--muted)}.sub{margin:0}.links{margin:4px 0 0}
a{color:#0969da;word-break:break-all}
.top{margin-bottom:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px;margin:12px 0}
.verdict{display:flex;gap:14px;align-items:center;border-radius:8px;padding:14px;margin:12px 0;color:#fff}
.verdict.block{background:var(--crit)}.verdict.proceed{background:var(--ok)}
.verdict .decision{font-size:24px;font-weight:700;letter-spacing:.04em}
.verdict p{margin:0}.verdict ul{margin:6px 0 0;padding-left:18px}
.counts{display:grid;grid-template-columns:repeat(5,1fr);gap:8px}
.count{background:var(--card);border:1px solid var(--line);border-top:4px solid var(--info);border-radius:8px;padding:8px 10px;display:flex;flex-direction:column}
.count .n{font-size:22px;font-weight:700}.count .l{color:var(--muted)}
.count.sev-critical{border-top-color:var(--crit)}.count.sev-high{border-top-color:var(--high)}.count.sev-medium{border-top-color:var(--med)}.count.sev-low{border-top-color:var(--low)}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:16px}
figure{margin:0}figcaption{color:var(--muted);font-size:12px;margin-top:4px}
svg.chart{width:100%;height:auto;max-height:260px}
svg .lbl,svg .num{font-size:12px;fill:var(--fg)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:var(--bg);font-weight:600;white-space:nowrap}
td.title{max-width:420px;overflow-wrap:anywhere}td.rule,td.loc,td.pkg{overflow-wrap:anywhere}td.long{max-width:480px;overflow-wrap:anywhere}
td.numc{text-align:right}
table.plain td{overflow-wrap:anywhere}table.plain .badge{white-space:nowrap;overflow-wrap:normal}table.plain code{white-space:pre-wrap;overflow-wrap:anywhere}
button.sort{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button.sort::after{content:" ▲"}th[aria-sort=descending] button.sort::after{content:" ▼"}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;margin-right:4px;background:var(--info)}
.badge.sev-critical{background:var(--crit)}.badge.sev-high{background:var(--high)}.badge.sev-medium{background:var(--med);color:#1f2328}.badge.sev-low{background:var(--low)}
.badge.new{background:#8250df}
.filters{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:8px}
.filters input[type=search]{flex:1 1 260px;min-width:0}
input,select,.pager button{font:inherit;padding:6px 8px;border:1px solid var(--line);border-radius:6px;background:#fff;color:inherit}
.chk{display:flex;align-items:center;gap:4px}
.pager{display:flex;flex-wrap:wrap;align-items:center;gap:10px;margin-top:8px}
.pager button:disabled{opacity:.45}
.st-pass,.st-ok,.st-false{color:var(--ok);font-weight:600}.st-fail,.st-failed,.st-true{color:var(--crit);font-weight:600}.st-partial,.st-warning{color:#9a6700;font-weight:600}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0 0 8px}dl.kv dt{color:var(--muted)}dl.kv dd{margin:0;overflow-wrap:anywhere}
.notes{margin:6px 0 0;padding-left:18px}
.state-failed,.state-unavailable{color:var(--crit)}
.print-only{display:none}
@media (max-width:700px){
  #app{padding:10px}
  .counts{grid-template-columns:repeat(3,1fr)}
  .charts{grid-template-columns:1fr}
  .verdict{flex-direction:column;align-items:flex-start}
  table.findings thead{display:none}
  table.findings tr{display:block;border:1px solid var(--line);border-radius:8px;margin:0 0 8px;padding:4px 0;background:var(--card)}
  table.findings td{display:grid;grid-template-columns:84px 1fr;gap:6px;border:0;padding:3px 8px;max-width:none}
  table.findings td::before{content:attr(data-label);color:var(--muted);font-size:12px}
}
@media print{
  body{background:#fff}#app{max-width:none;padding:0}
  .filters,.pager button{display:none}
  .print-only{display:block}
  .card,.verdict,tr{break-inside:avoid}
  .card{break-inside:auto}.scroll{overflow:visible}
  .verdict{print-color-adjust:exact;-webkit-print-color-adjust:exact}
  .badge,.count,svg{print-color-adjust:exact;-webkit-print-color-adjust:exact}
  a{color:inherit;text-decoration:none}
}
`;
