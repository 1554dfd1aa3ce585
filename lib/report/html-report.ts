/**
 * report.html: one self-contained file (no network, no external assets). It
 * opens on the verdict and a summary of the failing check ids (then the
 * warnings), one entry per check with its count and first evidence; then every
 * check with filters by status, area and level, each failure with its
 * redacted exchange and a curl line. A SHOULD failure that does not fail the
 * run is shown as a warning, never as a red failure.
 */
import type { CheckOutcome, Evidence } from '../model/outcome.ts';
import { coverageLine, type Coverage } from '../results/coverage.ts';
import { latencyLine, type Latency, type OperationLatency } from '../results/latency.ts';
import { isWarning, type CheckResult, type RunResults } from '../results/run-results.ts';
import { operationsText, problemGroups, scopeLines, type ProblemGroup } from './console-summary.ts';
import { embeddedServerHint, replayLine } from './replay.ts';

function esc(text: unknown): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function headersText(headers: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(headers ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

/** What a report needs besides a check to render it: how to start the embedded server again. */
interface RenderContext {
  readonly serverHint: string | undefined;
}

function evidenceBlock(e: Evidence, context: RenderContext): string {
  const request = `${e.method} ${e.url}\n${headersText(e.requestHeaders)}${e.requestBody === undefined ? '' : `\n\n${e.requestBody}`}`;
  const response =
    e.transportError !== undefined ? `no answer: ${e.transportError}` : `HTTP ${e.status ?? '?'}\n${headersText(e.responseHeaders)}\n\n${e.responseBody ?? ''}`;
  return (
    `<div class="exchange"><h4>Request</h4><pre>${esc(request)}</pre><h4>Response</h4><pre>${esc(response)}</pre>` +
    `<h4>Reproduce</h4><pre class="curl">${esc(e.curl)}</pre>${context.serverHint === undefined ? '' : `<p class="spec">${esc(context.serverHint)}</p>`}</div>`
  );
}

function detailBlock(d: CheckOutcome, context: RenderContext): string {
  return (
    `<div class="detail"><p><b>${esc(d.status)}</b>${d.count !== undefined && d.count > 1 ? ` ×${d.count}` : ''}: ${esc(d.message)}</p>` +
    (d.expected === undefined ? '' : `<p>expected: <code>${esc(d.expected)}</code></p>`) +
    (d.observed === undefined ? '' : `<p>observed: <code>${esc(d.observed)}</code></p>`) +
    (d.seed === undefined ? '' : `<p>seed: <code>${esc(d.seed)}</code></p>`) +
    (d.counterexample === undefined ? '' : `<p>minimal input: <code>${esc(d.counterexample)}</code></p>`) +
    (d.evidence === undefined ? '' : evidenceBlock(d.evidence, context)) +
    '</div>'
  );
}

/** The status a check is shown with: a failure that does not fail the run is a warning. */
type ShownStatus = CheckResult['status'] | 'warning';

function shownStatus(check: CheckResult): ShownStatus {
  return isWarning(check) ? 'warning' : check.status;
}

function row(check: CheckResult, context: RenderContext): string {
  const status = shownStatus(check);
  // Failures and errors open with their exchanges; a skip says why in one line.
  const details =
    (status === 'failed' || status === 'errored' || status === 'warning') && check.details.length > 0
      ? `<details${status === 'warning' ? '' : ' open'}><summary>${esc(check.message)}</summary>${check.details.map((d) => detailBlock(d, context)).join('')}</details>`
      : esc(check.message);
  return (
    `<tr class="check" id="${esc(rowId(check))}" data-status="${esc(status)}" data-area="${esc(check.area)}" data-level="${esc(check.level)}">` +
    `<td><span class="badge ${esc(status)}">${esc(status)}</span>${check.waived === undefined ? '' : `<div class="spec">waived: ${esc(check.waived)}</div>`}</td>` +
    `<td><code>${esc(check.id)}</code><div class="statement">${esc(check.statement)}</div><div class="spec">${esc(check.specRef)}</div></td>` +
    `<td>${esc(check.level)}</td><td>${esc(check.operation ?? '—')}</td><td>${details}</td></tr>`
  );
}

function rowId(check: CheckResult): string {
  return `check-${check.id}-${check.operation ?? 'api'}`;
}

const GROUP_HEADINGS: Readonly<Record<ProblemGroup['kind'], string>> = {
  FAIL: 'failed',
  ERROR: 'errored',
  WARN: 'warning',
  WAIVED: 'waived',
};

/** One entry per failing check: its id, where it failed, the first violation and the exchange that broke the rule. */
function problemEntry(group: ProblemGroup, context: RenderContext): string {
  const [first] = group.checks;
  if (first === undefined) return '';
  const evidence = first.details.find((d) => d.status !== 'skipped');
  return (
    `<li class="problem" data-check="${esc(group.id)}"><span class="badge ${esc(GROUP_HEADINGS[group.kind])}">${esc(GROUP_HEADINGS[group.kind])}</span> ` +
    `<a href="#${esc(rowId(first))}"><code>${esc(group.id)}</code></a> ${esc(first.level)}${esc(operationsText(group.checks))}: ${esc(first.message)}` +
    `<div class="statement">${esc(first.statement)}</div>` +
    (evidence === undefined ? '' : `<details><summary>first evidence</summary>${detailBlock(evidence, context)}</details>`) +
    '</li>'
  );
}

/** The page opens on this: the failing check ids, then the warnings, each once. */
function problemsSection(results: RunResults, context: RenderContext): string {
  const groups = problemGroups(results);
  const failing = groups.filter((g) => g.kind === 'FAIL' || g.kind === 'ERROR');
  const warnings = groups.filter((g) => g.kind === 'WARN');
  const waived = groups.filter((g) => g.kind === 'WAIVED');
  const list = (items: readonly ProblemGroup[]): string => `<ul class="problems">${items.map((g) => problemEntry(g, context)).join('')}</ul>`;
  return (
    `<section id="failing"><h2>Failing checks (${failing.length})</h2>${failing.length === 0 ? '<p>No check that fails the run failed or errored.</p>' : list(failing)}</section>` +
    (warnings.length === 0
      ? ''
      : `<section id="warnings"><h2>Warnings (${warnings.length})</h2><p class="statement">Failed checks that do not fail the run${results.summary.failOn === 'must' ? ' (SHOULD; --fail-on should makes them failures)' : ''}.</p>${list(warnings)}</section>`) +
    (waived.length === 0 ? '' : `<section id="waived"><h2>Waived (${waived.length})</h2>${list(waived)}</section>`)
  );
}

function coverageSection(coverage: Coverage): string {
  const rows = coverage.cells
    .map(
      (c) =>
        `<tr class="cov ${c.exercised ? 'yes' : 'no'}"><td>${esc(c.operation)}</td><td><code>${esc(c.method)} ${esc(c.path)}</code></td><td>${esc(c.code)}</td>` +
        `<td>${c.exercised ? `exercised (${esc(c.observed.join(', '))})` : 'not exercised'}</td><td>${esc(c.reason ?? '')}</td></tr>`,
    )
    .join('');
  return (
    `<section><h2>Coverage</h2><p id="coverage-line">${esc(coverageLine(coverage))}</p>` +
    `<table><thead><tr><th>operation</th><th>request</th><th>response</th><th>exercised</th><th>why not</th></tr></thead><tbody>${rows}</tbody></table></section>`
  );
}

function timelineSection(results: RunResults): string {
  if (results.timelines.length === 0) return '';
  const blocks = results.timelines
    .map(
      (tl) =>
        `<h3>${esc(tl.name)}</h3><p class="statement">${esc(tl.test)}</p><table><thead><tr><th>at</th><th>step</th><th>answer</th></tr></thead><tbody>` +
        tl.entries.map((e) => `<tr><td>${(e.atMs / 1000).toFixed(2)} s</td><td>${esc(e.label)}</td><td>${esc(e.detail)}</td></tr>`).join('') +
        '</tbody></table>',
    )
    .join('');
  return `<section id="timelines"><h2>Timelines</h2>${blocks}</section>`;
}

function latencyRows(rows: readonly OperationLatency[]): string {
  return rows
    .map(
      (r) =>
        `<tr class="latency"><td>${esc(r.operation)}</td><td>${esc(r.method)}</td><td>${r.count}</td><td>${r.p50Ms}</td><td>${r.p95Ms}</td><td>${r.p99Ms}</td><td>${r.maxMs}</td></tr>`,
    )
    .join('');
}

function latencySection(latency: Latency): string {
  const head = '<thead><tr><th>operation</th><th>method</th><th>requests</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th></tr></thead>';
  const streams =
    latency.firstEvent.length === 0
      ? ''
      : `<h3>Time to first SSE event</h3><table class="first-event">${head.replace('requests', 'streams')}<tbody>${latencyRows(latency.firstEvent)}</tbody></table>`;
  return (
    `<section id="latency"><h2>Latency</h2><p id="latency-line">${esc(latencyLine(latency))}${latency.unanswered === 0 ? '' : `; ${latency.unanswered} request(s) got no answer and are not counted`}.</p>` +
    '<p class="statement">Request sent to last body byte (for a stream, to its end), slowest p95 first.</p>' +
    `<table class="operations">${head}<tbody>${latencyRows(latency.operations)}</tbody></table>${streams}</section>`
  );
}

function options(values: readonly string[]): string {
  return ['<option value="">all</option>', ...values.map((v) => `<option value="${esc(v)}">${esc(v)}</option>`)].join('');
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
header{padding:16px 24px;background:#fff;border-bottom:1px solid #d0d7de}
main{padding:16px 24px}
h1{font-size:20px;margin:0 0 4px}
.verdict{display:inline-block;padding:2px 10px;border-radius:4px;font-weight:700;color:#fff}
.verdict.pass{background:#1a7f37}.verdict.fail{background:#cf222e}
.counts span{margin-right:16px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}
.badge{padding:1px 6px;border-radius:3px;font-size:12px;color:#fff}
.badge.passed{background:#1a7f37}.badge.failed{background:#cf222e}.badge.skipped{background:#6e7781}.badge.errored{background:#9a6700}
.badge.warning{background:#bf8700}.badge.waived{background:#8250df}
ul.problems{list-style:none;padding:0;margin:0;background:#fff;border:1px solid #d0d7de}ul.problems li{padding:6px 8px;border-bottom:1px solid #d0d7de}
.statement{color:#57606a;font-size:12px}.spec{color:#8c959f;font-size:11px}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:8px;overflow:auto;max-height:320px;white-space:pre-wrap;word-break:break-all}
.cov.no td{color:#8c959f}.filters{margin:12px 0}.filters label{margin-right:16px}
section{margin-top:24px}
`;

const SCRIPT = `
(function(){
  var selects=document.querySelectorAll('.filters select');
  function apply(){
    var f={};selects.forEach(function(s){f[s.name]=s.value;});
    var shown=0;
    document.querySelectorAll('tr.check').forEach(function(r){
      var ok=(!f.status||r.dataset.status===f.status)&&(!f.area||r.dataset.area===f.area)&&(!f.level||r.dataset.level===f.level);
      r.style.display=ok?'':'none';if(ok)shown++;
    });
    document.getElementById('shown').textContent=String(shown);
  }
  selects.forEach(function(s){s.addEventListener('change',apply);});
  apply();
})();
`;

export function renderHtml(results: RunResults): string {
  const s = results.summary;
  const context: RenderContext = { serverHint: embeddedServerHint(results) };
  const areas = [...new Set(results.checks.map((c) => c.area))].sort();
  const version = results.target.serverVersion as { version?: unknown; edition?: unknown } | null | undefined;
  const sorted = [...results.checks].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
  const config = Object.entries(results.config)
    .map(
      ([k, v]) =>
        `<tr><td><code>${esc(k)}</code></td><td>${esc(typeof v.value === 'string' ? v.value : JSON.stringify(v.value))}</td><td>${esc(v.source)}</td></tr>`,
    )
    .join('');
  const suiteErrors =
    results.suiteErrors.length === 0
      ? ''
      : `<section><h2>Suite errors</h2><p>The suite itself could not finish these; they are not server failures.</p><ul>${results.suiteErrors.map((e) => `<li><code>${esc(e.where)}</code>: ${esc(e.message)}</li>`).join('')}</ul></section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>dify-conformance report · ${esc(s.verdict.toUpperCase())}</title><style>${STYLE}</style></head>
<body><header>
<h1>dify-conformance report <span class="verdict ${esc(s.verdict)}" id="verdict">${esc(s.verdict.toUpperCase())}</span></h1>
<div>Target <code>${esc(results.target.baseUrl)}</code>${results.target.embedded ? ' (embedded reference server)' : ''}
· server version <code>${esc(version?.version ?? 'unknown')}</code> edition <code>${esc(version?.edition ?? 'unknown')}</code>
${results.target.faults.length > 0 ? `· faults <code>${esc(results.target.faults.join(', '))}</code>` : ''}</div>
<div>Suite ${esc(results.suite.version)}${results.suite.commit === null ? '' : ` (${esc(results.suite.commit.slice(0, 12))})`} · run <code>${esc(results.run.runId)}</code> · profile ${esc(results.run.profile)} · seed <code>${esc(results.run.seed)}</code> · ${esc(results.run.startedAt)} · ${(results.run.durationMs / 1000).toFixed(1)} s · ${s.exchanges} requests</div>
${scopeLines(results)
  .map((line) => `<div class="scope">${esc(line)}</div>`)
  .join('')}
${results.run.mergedFrom === undefined ? `<div class="scope" id="replay">replay: <code>${esc(replayLine(results))}</code></div>` : ''}
<div class="counts" id="counts"><span>passed <b>${s.passed}</b></span><span>failed <b>${s.failed}</b></span><span>warnings <b>${s.warnings}</b></span><span>skipped <b>${s.skipped}</b></span><span>errored <b>${s.errored}</b></span><span>required failed <b>${s.requiredFailed}</b></span></div>
</header><main>
${problemsSection(results, context)}
${suiteErrors}
<section><h2>Checks</h2>
<div class="filters">
<label>status <select name="status">${options(['passed', 'failed', 'warning', 'skipped', 'errored'])}</select></label>
<label>area <select name="area">${options(areas)}</select></label>
<label>level <select name="level">${options(['MUST', 'SHOULD', 'MAY'])}</select></label>
showing <span id="shown"></span>
</div>
<table><thead><tr><th>status</th><th>check</th><th>level</th><th>operation</th><th>result</th></tr></thead>
<tbody>${sorted.map((check) => row(check, context)).join('\n')}</tbody></table></section>
${coverageSection(results.coverage)}
${timelineSection(results)}
${latencySection(results.latency)}
${results.leaks.length === 0 ? '' : `<section id="leaks"><h2>Leak audit</h2><p>Created by this run and still present after it:</p><ul>${results.leaks.map((l) => `<li>${esc(l.kind)} <code>${esc(l.id)}</code> ${esc(l.name)}: ${l.removed ? 'removed by the audit' : '<b>could not be removed</b>'}</li>`).join('')}</ul></section>`}
${results.created.length === 0 ? '' : `<section id="created"><h2>Created by this run</h2><table><thead><tr><th>kind</th><th>id</th><th>name</th><th>fate</th></tr></thead><tbody>${results.created.map((c) => `<tr><td>${esc(c.kind)}</td><td><code>${esc(c.id)}</code></td><td>${esc(c.name)}</td><td>${esc(c.fate)}</td></tr>`).join('')}</tbody></table></section>`}
${results.cleanupProblems.length === 0 ? '' : `<section><h2>Cleanup problems</h2><p>What the run created and could not remove:</p><ul>${results.cleanupProblems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul></section>`}
<section><h2>Configuration</h2><table><thead><tr><th>setting</th><th>value</th><th>from</th></tr></thead><tbody>${config}</tbody></table></section>
</main><script>${SCRIPT}</script></body></html>
`;
}

function rank(check: CheckResult): number {
  return { failed: 0, errored: 1, warning: 2, skipped: 3, passed: 4 }[shownStatus(check)];
}
