export const id = 497;
export const ids = [497];
export const modules = {

/***/ 8497:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LABEL_VALUE_MAX: () => (/* binding */ LABEL_VALUE_MAX),
/* harmony export */   METRICS_FILE: () => (/* binding */ METRICS_FILE),
/* harmony export */   METRIC_NAMES: () => (/* binding */ METRIC_NAMES),
/* harmony export */   buildRegistry: () => (/* binding */ buildRegistry),
/* harmony export */   cleanLabelValue: () => (/* binding */ cleanLabelValue),
/* harmony export */   renderMetrics: () => (/* binding */ renderMetrics)
/* harmony export */ });
/* harmony import */ var prom_client__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(95222);
/* harmony import */ var _findings_model_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(99971);
/**
 * The run as Prometheus metrics (exposition text, prom-client on a fresh Registry — never the global one), written
 * to output-dir as metrics.prom and optionally pushed to a Pushgateway (metrics/push.ts).
 *
 * Labels carry only values we control or clean: scanner ids (ours), severities, states, the decision, the tool
 * version. Rule ids, titles and paths never become labels (a pull request controls them, and every distinct value
 * would be a new series). The repository and branch are the push's grouping labels (push.ts), not metric labels.
 */


const METRICS_FILE = 'metrics.prom';
/** Every metric this module exports, by name (the Grafana dashboard may only read these; test/metrics checks it). */
const METRIC_NAMES = [
    'security_scan_findings',
    'security_scan_findings_reported',
    'security_scan_new_findings',
    'security_scan_fixed_findings',
    'security_scan_suppressed_findings',
    'security_scan_scanner_duration_seconds',
    'security_scan_scanner_failed',
    'security_scan_scanner_failures',
    'security_scan_gate_blocked',
    'security_scan_gate_decision',
    'security_scan_run_info',
    'security_scan_run_timestamp_seconds',
];
/** Longest label value we write; longer ones are cut (Pushgateway and Prometheus accept long values, dashboards do not). */
const LABEL_VALUE_MAX = 128;
/**
 * A label value from outside: control characters removed, length capped. prom-client escapes `\`, `"` and
 * newlines in the exposition text; this keeps the value readable and bounded.
 */
function cleanLabelValue(value) {
    // eslint-disable-next-line no-control-regex
    const plain = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
    const chars = [...plain];
    return chars.length > LABEL_VALUE_MAX ? chars.slice(0, LABEL_VALUE_MAX).join('') : plain;
}
/** A fresh registry holding this run's metrics. */
function buildRegistry(report, o) {
    const registry = new prom_client__WEBPACK_IMPORTED_MODULE_0__.Registry();
    const gauge = (name, help, labelNames = []) => new prom_client__WEBPACK_IMPORTED_MODULE_0__.Gauge({ name, help, labelNames: [...labelNames], registers: [registry] });
    const findings = gauge('security_scan_findings', 'Findings each scanner reported after filters, by severity (a finding two scanners report counts for each).', ['scanner', 'severity']);
    for (const [scanner, counts] of Object.entries(report.byScanner).sort(([a], [b]) => a.localeCompare(b))) {
        for (const severity of _findings_model_js__WEBPACK_IMPORTED_MODULE_1__/* .SEVERITIES */ .oC)
            findings.set({ scanner: cleanLabelValue(scanner), severity }, counts[severity]);
    }
    const reported = gauge('security_scan_findings_reported', 'Findings in the report (deduplicated across scanners, unsuppressed), by severity.', ['severity']);
    for (const severity of _findings_model_js__WEBPACK_IMPORTED_MODULE_1__/* .SEVERITIES */ .oC)
        reported.set({ severity }, report.counts[severity]);
    gauge('security_scan_new_findings', 'Findings the baseline does not have (all findings when there is no baseline).').set(report.baseline?.new ?? report.total);
    gauge('security_scan_fixed_findings', 'Baseline findings this run no longer finds.').set(report.baseline?.fixed.length ?? 0);
    gauge('security_scan_suppressed_findings', 'Findings the ignore file suppressed.').set(report.suppressed.length);
    const duration = gauge('security_scan_scanner_duration_seconds', 'Wall time of each scanner, in seconds.', ['scanner', 'state']);
    const failed = gauge('security_scan_scanner_failed', '1 when the scanner failed or could not run, else 0.', ['scanner']);
    for (const s of [...report.scanners].sort((a, b) => a.id.localeCompare(b.id))) {
        const scanner = cleanLabelValue(s.id);
        duration.set({ scanner, state: s.state }, s.durationMs / 1000);
        failed.set({ scanner }, s.state === 'failed' || s.state === 'unavailable' ? 1 : 0);
    }
    gauge('security_scan_scanner_failures', 'Scanners that failed or could not run in this run.').set(report.scanners.filter((s) => s.state === 'failed' || s.state === 'unavailable').length);
    gauge('security_scan_gate_blocked', "1 when the gate blocked the change, 0 when it proceeded.").set(report.gate.decision === 'BLOCK' ? 1 : 0);
    const decision = gauge('security_scan_gate_decision', "The gate's decision (1 for the decision taken), with fail-on and the risk.", ['decision', 'fail_on', 'risk']);
    decision.set({ decision: report.gate.decision, fail_on: report.gate.failOn, risk: report.risk }, 1);
    gauge('security_scan_run_info', 'Always 1; the labels describe the run.', ['version', 'workflow', 'workflow_job']).set({ version: cleanLabelValue(o.version), workflow: cleanLabelValue(report.context.workflow ?? ''), workflow_job: cleanLabelValue(report.context.job ?? '') }, 1);
    gauge('security_scan_run_timestamp_seconds', 'When the run finished, in Unix seconds.').set(Math.floor((o.now ?? new Date()).getTime() / 1000));
    return registry;
}
/** The exposition text (text/plain; version=0.0.4) of this run's metrics. */
async function renderMetrics(report, o) {
    return await buildRegistry(report, o).metrics();
}


/***/ })

};

//# sourceMappingURL=497.index.js.map