// Every operation of the API, in matching order (literal segments before
// parameters that could swallow them).
import { accountRoutes } from './routes/account.ts';
import { appRoutes } from './routes/apps.ts';
import { memberRoutes } from './routes/members.ts';
import { metaRoutes } from './routes/meta.ts';
import { workspaceRoutes } from './routes/workspaces.ts';
import type { Route } from './routing.ts';

export const ROUTES: readonly Route[] = [
  ...metaRoutes,
  ...accountRoutes,
  ...workspaceRoutes,
  ...memberRoutes,
  ...appRoutes,
];
