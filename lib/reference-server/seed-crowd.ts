// The crowd a real workspace holds (docs/server-behavior.md §12.6), added to
// the seeded world by the realistic profile: over a thousand published apps of
// every runnable mode, over a hundred members of mixed roles and states, and
// dozens of live sessions the owner opened from other clients. Everything is a
// pure function of its index, so every realistic server has the same crowd.
import { mintBearer, sha256Hex, uuidFrom } from './ids.ts';
import { accountId, ACCOUNTS_EPOCH, APPS_EPOCH, buildApp, CHAT_INPUT, DAY, HOUR, SEED, TEXT_INPUT, TOKEN_TTL_MS, TOPIC_INPUT } from './seed-data.ts';
import type { AppSeed } from './seed-data.ts';
import type { AccountStatus, AppMode, InputVariable, ServerState, WorkspaceRole } from './state.ts';

export const CROWD = { apps: 1_040, members: 112, ownerSessions: 36 } as const;

const FIRST_NAMES = [
  'Aisha',
  'Bruno',
  'Chloe',
  'Dmitri',
  'Elena',
  'Farid',
  'Grace',
  'Hugo',
  'Ines',
  'Jamal',
  'Keiko',
  'Lars',
  'Mei',
  'Nikhil',
  'Olivia',
  'Pablo',
  'Quinn',
  'Rosa',
  'Samir',
  'Tessa',
  'Umar',
  'Vera',
  'Wen',
  'Yusuf',
];
const LAST_NAMES = [
  'Abbott',
  'Bianchi',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Gupta',
  'Haddad',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreno',
  'Nakamura',
  'Okonkwo',
  'Park',
  'Quintero',
  'Rossi',
  'Sato',
  'Tanaka',
  'Usman',
  'Varga',
  'Weiss',
  'Zhang',
];

interface CrowdMember {
  key: string;
  name: string;
  email: string;
  role: WorkspaceRole;
  status: AccountStatus;
}

function crowdMember(index: number): CrowdMember {
  const first = FIRST_NAMES[index % FIRST_NAMES.length] ?? 'Alex';
  // 24 × 24 names, walked so that neighbours differ in both parts and none repeats.
  const last = LAST_NAMES[(index + Math.floor(index / LAST_NAMES.length) * 5) % LAST_NAMES.length] ?? 'Smith';
  const role: WorkspaceRole = index % 29 === 3 ? 'admin' : index % 13 === 5 ? 'dataset_operator' : index % 4 === 1 ? 'editor' : 'normal';
  const status: AccountStatus = index % 23 === 7 ? 'banned' : index % 9 === 4 ? 'pending' : 'active';
  return {
    key: `crowd-${index}`,
    name: `${first} ${last}`,
    email: `${first}.${last}.${index}@northwind-labs.example.com`.toLowerCase(),
    role,
    status,
  };
}

const TEAMS = [
  'Sales',
  'Support',
  'Finance',
  'Legal',
  'People',
  'Marketing',
  'Engineering',
  'Operations',
  'Procurement',
  'Security',
  'Data',
  'Product',
  'Partner',
];
const SUBJECTS = ['Ticket', 'Invoice', 'Contract', 'Release', 'Lead', 'Survey', 'Incident', 'Meeting', 'Policy', 'Campaign'];
const KINDS: Readonly<Record<string, readonly string[]>> = {
  workflow: ['Summarizer', 'Extractor', 'Router'],
  'advanced-chat': ['Copilot', 'Concierge', 'Guide'],
  chat: ['Bot', 'Assistant', 'Helpdesk'],
  completion: ['Writer', 'Drafter', 'Rewriter'],
  'agent-chat': ['Agent', 'Researcher', 'Analyst'],
};
const RUNNABLE: readonly AppMode[] = ['workflow', 'chat', 'advanced-chat', 'completion', 'agent-chat'];
const INPUTS: Readonly<Record<string, readonly InputVariable[]>> = {
  workflow: TEXT_INPUT,
  'advanced-chat': CHAT_INPUT,
  completion: TOPIC_INPUT,
};
const AUTHORS = ['maya', 'priya', 'daniel', 'sofia', 'liam', 'hannah', 'kenji'];
/** How many crowd apps were edited after the newest seeded app. */
const NEWER_THAN_SEEDED = 24;

function crowdApp(index: number): AppSeed {
  const mode = RUNNABLE[index % RUNNABLE.length] ?? 'workflow';
  const kinds = KINDS[mode] ?? ['Assistant'];
  // Each (team, subject, kind) is used by one mode only, so names never repeat.
  const team = TEAMS[index % TEAMS.length] ?? 'Sales';
  const subject = SUBJECTS[Math.floor(index / TEAMS.length) % SUBJECTS.length] ?? 'Ticket';
  const kind = kinds[Math.floor(index / (TEAMS.length * SUBJECTS.length)) % kinds.length] ?? 'Assistant';
  const updatedAt =
    index < NEWER_THAN_SEEDED ? APPS_EPOCH + (NEWER_THAN_SEEDED - index) * 5 * HOUR : APPS_EPOCH - 3 * HOUR - (index - NEWER_THAN_SEEDED) * 17 * HOUR;
  return {
    key: `crowd:${index}`,
    name: `${team} ${subject} ${kind}${index >= 390 ? ` ${Math.floor(index / 390) + 1}` : ''}`,
    mode,
    tags: [team.toLowerCase(), ...(index % 3 === 0 ? ['internal'] : [])],
    author: index % 4 === 0 ? `crowd-${index % CROWD.members}` : (AUTHORS[index % AUTHORS.length] ?? 'maya'),
    description: `${kind} for ${team.toLowerCase()} ${subject.toLowerCase()} work.`,
    ...(INPUTS[mode] ? { inputs: INPUTS[mode] } : {}),
    updatedAt,
  };
}

const CLIENTS = [
  { clientId: 'difyctl', label: (n: number) => `difyctl on ci-runner-${String(n).padStart(2, '0')}` },
  { clientId: 'dify-vscode', label: (n: number) => `VS Code on dev-box-${n}` },
  { clientId: 'dify-jetbrains', label: (n: number) => `IntelliJ IDEA on build-agent-${n}` },
  { clientId: 'n8n-nodes-dify', label: (n: number) => `n8n worker ${n}` },
  { clientId: 'dify-raycast', label: (n: number) => `Raycast on maya-mbp (${n})` },
];

function addOwnerSessions(state: ServerState, now: number): void {
  for (let index = 0; index < CROWD.ownerSessions; index += 1) {
    const client = CLIENTS[index % CLIENTS.length] ?? CLIENTS[0];
    if (!client) continue;
    // The first two are newer than the server's own session: the caller is not the newest login.
    const ageMs = index < 2 ? 15_000 + index * 20_000 : index * 8 * HOUR + 17 * 60_000;
    const createdAt = now - Math.min(ageMs, 13 * DAY);
    state.sessions.push({
      id: uuidFrom(`session:crowd-${index}`),
      // Their tokens live on the other clients' machines; only the hash is here.
      tokenHash: sha256Hex(mintBearer('dfoa_')),
      prefix: 'dfoa_',
      subject: { type: 'account', accountId: SEED.ownerId },
      clientId: client.clientId,
      deviceLabel: client.label(index + 1),
      createdAt,
      expiresAt: createdAt + TOKEN_TTL_MS,
      revokedAt: null,
    });
  }
}

export function addCrowd(state: ServerState, now: number): void {
  for (let index = 0; index < CROWD.members; index += 1) {
    const member = crowdMember(index);
    const id = accountId(member.key);
    state.accounts.set(id, {
      id,
      name: member.name,
      email: member.email,
      status: member.status,
      avatar: member.status === 'active' ? `https://avatars.northwind-labs.example.com/${member.key}.png` : null,
      createdAt: ACCOUNTS_EPOCH + (index % 300) * DAY,
    });
    state.memberships.push({ workspaceId: SEED.mainWorkspaceId, accountId: id, role: member.role, current: true });
  }
  for (let index = 0; index < CROWD.apps; index += 1) {
    const app = buildApp(crowdApp(index), index);
    state.apps.set(app.id, app);
  }
  addOwnerSessions(state, now);
}
