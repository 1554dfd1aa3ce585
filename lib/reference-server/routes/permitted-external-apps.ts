// GET /permitted-external-apps: enterprise-only list of the apps an external
// SSO subject (dfoe_) may use. Community deployments answer 404 before even
// reading the bearer (docs/server-behavior.md §1.5, §1.6).
import { appListRow, byUpdatedAtDesc } from '../app-views.ts';
import { sendJson } from '../http-io.ts';
import { paginate, pageFields } from '../pagination.ts';
import { bearerRoute } from '../routing.ts';
import type { Route } from '../routing.ts';
import { APP_MODES } from '../state.ts';
import { parseQuery } from '../validation.ts';

export const permittedExternalAppRoutes: readonly Route[] = [
  bearerRoute('GET', '/permitted-external-apps', { tokens: ['dfoe'], edition: 'enterprise' }, (call) => {
    const query = parseQuery(
      call.query,
      {
        ...pageFields(20),
        mode: { kind: 'choice', values: APP_MODES, type: 'enum' },
        name: { kind: 'text', maxLength: 200 },
      },
      { strict: true, faults: call.faults },
    );
    const needle = query.name?.toLowerCase();
    const rows = [...call.state.apps.values()]
      .filter((app) => app.permittedExternally && app.enableApi)
      .filter((app) => (query.mode === undefined ? app.mode !== 'agent' : app.mode === query.mode))
      .filter((app) => needle === undefined || app.name.toLowerCase().includes(needle))
      .sort(byUpdatedAtDesc)
      .map((app) => appListRow(call.state, app));
    sendJson(call.res, 200, paginate(rows, query.page, query.limit));
  }),
];
