// Every operation of the API, in matching order (literal segments before
// parameters that could swallow them).
import { accountRoutes } from './routes/account.ts';
import { appRoutes } from './routes/apps.ts';
import { deviceFlowRoutes } from './routes/device-flow.ts';
import { fileRoutes } from './routes/files.ts';
import { formRoutes } from './routes/forms.ts';
import { importRoutes } from './routes/imports.ts';
import { memberRoutes } from './routes/members.ts';
import { metaRoutes } from './routes/meta.ts';
import { permittedExternalAppRoutes } from './routes/permitted-external-apps.ts';
import { runRoutes } from './routes/runs.ts';
import { workspaceRoutes } from './routes/workspaces.ts';
import type { Route } from './routing.ts';

export const ROUTES: readonly Route[] = [
  ...metaRoutes,
  ...deviceFlowRoutes,
  ...accountRoutes,
  ...workspaceRoutes,
  ...memberRoutes,
  ...importRoutes,
  ...appRoutes,
  ...runRoutes,
  ...fileRoutes,
  ...formRoutes,
  ...permittedExternalAppRoutes,
];
