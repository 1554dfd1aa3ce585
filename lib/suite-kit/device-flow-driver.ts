/**
 * Drives the OAuth device flow (RFC 8628) as a client would: request a code,
 * approve or deny it with the console session, and poll as RFC 8628 §3.5 asks
 * (wait `interval` between polls, 5 s more after each slow_down), within a
 * time budget. Every step goes to the "device flow" timeline of the report.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { decisionAccepted, decisionNormalises } from '../checks/device-flow-checks.ts';
import type { AnsweredExchange } from '../model/exchange.ts';
import { PROMPT_PREFIX } from './prompt.ts';
import type { ConformanceTestContext } from './conformance-test.ts';

export interface IssuedCode {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly expiresIn: number;
  readonly interval: number;
}

const TIMELINE = 'device flow';
/** Margin added to every wait so a poll never lands a hair before the interval ends. */
const WAIT_MARGIN_MS = 100;

/** How long a person gets to approve or deny a code in the browser (--interactive). */
const PERSON_BUDGET_SECONDS = 300;

export function hasConsoleSession(t: ConformanceTestContext): boolean {
  return t.run.target.consoleCookie !== undefined && t.run.target.consoleCsrfToken !== undefined;
}

export function consoleHeaders(t: ConformanceTestContext): Record<string, string> {
  const { consoleCookie, consoleCsrfToken } = t.run.target;
  if (consoleCookie === undefined || consoleCsrfToken === undefined) {
    return t.skip(
      'no console session to approve or deny device codes: set DIFY_CONSOLE_COOKIE and DIFY_CONSOLE_CSRF_TOKEN, or run with --interactive and approve in a browser',
    );
  }
  return { cookie: consoleCookie, 'x-csrf-token': consoleCsrfToken };
}

/**
 * --interactive without a console session: a person approves or denies the code in a browser.
 * The prompt is a console line of the worker, which the run command relays to its stderr
 * (lib/runner/results-collector.ts, PROMPT_PREFIX).
 */
function askPerson(t: ConformanceTestContext, code: IssuedCode, decision: 'approve' | 'deny'): void {
  console.error(
    `${PROMPT_PREFIX} Open ${code.verificationUri} and ${decision.toUpperCase()} the code ${code.userCode} (waiting up to ${PERSON_BUDGET_SECONDS / 60} minutes).`,
  );
  t.note(TIMELINE, decision, `asked a person in the browser (${code.userCode})`);
}

/**
 * Gets the code approved or denied: by the console session when one is configured, else by a
 * person when the run is interactive; otherwise the test is skipped with what to configure.
 * Returns the console's answer, or undefined when a person decides.
 *
 * Only a 401 or 403 says the console session is not accepted (the configuration's fault); a spent
 * approval quota (429) has already skipped the test in t.call, saying when to retry. Any other
 * answer to a code the run was just issued is the server's: device.decision-accepted judges it,
 * and the flow cannot go on.
 */
export interface DecisionOptions {
  /** The user code as sent, when not exactly as issued. */
  readonly userCode?: string;
}

export async function decide(
  t: ConformanceTestContext,
  code: IssuedCode,
  decision: 'approve' | 'deny',
  options: DecisionOptions = {},
): Promise<AnsweredExchange | undefined> {
  if (!hasConsoleSession(t) && t.run.interactive) {
    askPerson(t, code, decision);
    const judge = options.userCode === undefined ? decisionAccepted : decisionNormalises;
    t.skipCheck(
      judge,
      decision === 'approve' ? 'approveDevice' : 'denyDevice',
      `a person decides in the browser; the console's answer needs the console session (DIFY_CONSOLE_COOKIE, DIFY_CONSOLE_CSRF_TOKEN)`,
    );
    return undefined;
  }
  const answer = await resolve(t, code, decision, options);
  const status = answer.response.status;
  if (status === 401 || status === 403)
    return t.skip(
      `the console session was refused (${status} from ${decision}); copy DIFY_CONSOLE_COOKIE and DIFY_CONSOLE_CSRF_TOKEN again from a console that is logged in`,
    );
  // A code sent re-typed (lower case, padded) is judged by the check of that rule instead.
  const judge = options.userCode === undefined ? decisionAccepted : decisionNormalises;
  if (!t.verify(judge, answer)) return t.skip(`the console session could not ${decision} the code (see ${judge.id})`);
  return answer;
}

/** How long to poll for the decision: a person takes longer than the console. */
export function decisionBudget(t: ConformanceTestContext): number {
  return !hasConsoleSession(t) && t.run.interactive ? PERSON_BUDGET_SECONDS : 60;
}

export function deviceLabel(t: ConformanceTestContext, purpose: string): string {
  return `dify-conformance ${t.run.runId} ${purpose}`;
}

export async function requestCode(t: ConformanceTestContext, label: string): Promise<{ exchange: AnsweredExchange; code: IssuedCode | undefined }> {
  const exchange = await t.call('createDeviceCode', { json: { client_id: t.run.target.clientId, device_label: label } });
  const body = (exchange.response.json ?? {}) as Record<string, unknown>;
  if (exchange.response.status !== 200 || typeof body['device_code'] !== 'string' || typeof body['user_code'] !== 'string') {
    t.note(TIMELINE, 'code', `refused: ${exchange.response.status}`);
    return { exchange, code: undefined };
  }
  t.addSecret(body['device_code']);
  const code: IssuedCode = {
    deviceCode: body['device_code'],
    userCode: body['user_code'],
    verificationUri: String(body['verification_uri'] ?? ''),
    expiresIn: Number(body['expires_in'] ?? 0),
    interval: Math.max(1, Number(body['interval'] ?? 5)),
  };
  t.note(TIMELINE, 'code', `issued for "${label}": expires_in ${code.expiresIn} s, interval ${code.interval} s`);
  return { exchange, code };
}

/** A code the flow cannot go on without: its absence skips the rest of the test. */
export async function requireCode(t: ConformanceTestContext, label: string): Promise<IssuedCode> {
  const { code } = await requestCode(t, label);
  if (code === undefined) return t.skip('the server issued no device code (see device.code-issued)');
  return code;
}

export async function poll(t: ConformanceTestContext, code: IssuedCode): Promise<AnsweredExchange> {
  const exchange = await t.call('pollDeviceToken', { json: { client_id: t.run.target.clientId, device_code: code.deviceCode } });
  const error = (exchange.response.json as { error?: unknown } | undefined)?.error;
  t.note(TIMELINE, 'poll', `${exchange.response.status}${typeof error === 'string' ? ` ${error}` : exchange.response.status === 200 ? ' token issued' : ''}`);
  const token = (exchange.response.json as { token?: unknown } | undefined)?.token;
  if (typeof token === 'string') t.addSecret(token);
  return exchange;
}

export async function wait(t: ConformanceTestContext, seconds: number, why: string): Promise<void> {
  t.note(TIMELINE, 'wait', `${seconds} s (${why})`);
  await sleep(seconds * 1000 + WAIT_MARGIN_MS);
}

/**
 * Polls until the answer is neither authorization_pending nor slow_down, honouring the interval
 * and adding 5 s on every slow_down (RFC 8628 §3.5), for at most `budgetSeconds`.
 */
export async function pollUntilResolved(t: ConformanceTestContext, code: IssuedCode, budgetSeconds: number): Promise<AnsweredExchange> {
  const deadline = Date.now() + budgetSeconds * 1000;
  let interval = code.interval;
  for (;;) {
    const exchange = await poll(t, code);
    const error = (exchange.response.json as { error?: unknown } | undefined)?.error;
    if (error === 'slow_down') interval += 5;
    else if (error !== 'authorization_pending') return exchange;
    if (Date.now() + interval * 1000 > deadline) {
      throw new Error(`the device authorization was still pending after ${budgetSeconds} s of polling`);
    }
    await wait(t, interval, error === 'slow_down' ? 'interval + 5 s after slow_down' : 'interval');
  }
}

/** Sends the console's decision on a code (`userCode` overrides the code as typed). */
export async function resolve(
  t: ConformanceTestContext,
  code: IssuedCode,
  decision: 'approve' | 'deny',
  options: DecisionOptions = {},
): Promise<AnsweredExchange> {
  const headers = consoleHeaders(t);
  const exchange = await t.call(decision === 'approve' ? 'approveDevice' : 'denyDevice', { json: { user_code: options.userCode ?? code.userCode }, headers });
  t.note(TIMELINE, decision, `${exchange.response.status}`);
  return exchange;
}

export interface MintedToken {
  readonly token: string;
  readonly label: string;
  readonly tokenId: string | undefined;
}

/**
 * Runs the whole flow to a token and registers its revocation as a cleanup: every
 * token the run mints is revoked before the run ends, also when a check fails.
 */
export async function mintToken(t: ConformanceTestContext, purpose: string): Promise<MintedToken> {
  const label = deviceLabel(t, purpose);
  const code = await requireCode(t, label);
  await decide(t, code, 'approve');
  await wait(t, code.interval, 'interval before the first poll');
  const answer = await pollUntilResolved(t, code, decisionBudget(t));
  const body = (answer.response.json ?? {}) as { token?: unknown; token_id?: unknown };
  if (answer.response.status !== 200 || typeof body.token !== 'string')
    return t.skip('the approved device code gave no token (see device.poll-approved-token)');
  const token = body.token;
  t.onCleanup(`revoke the token minted for "${label}"`, () => t.call('revokeSelfSession', { auth: { token } }));
  return { token, label, tokenId: typeof body.token_id === 'string' ? body.token_id : undefined };
}
