// The world a fresh reference server starts with: a product team's workspace
// ("Northwind Labs") owned by the account whose token the server hands out, a
// partner workspace where that account is only a `normal` member, and apps,
// members and sessions that look like a team's real ones. Ids derive from
// names, so every server has the same ids; session times are relative to the
// start so the seeded tokens are live.
import { mintBearer, randomUrlSafe, sha256Hex, uuidFrom } from './ids.ts';
import type { TokenPrefix } from './ids.ts';
import { seedDocument } from './dsl.ts';
import type { SecretSetting } from './dsl.ts';
import { ServerState } from './state.ts';
import type { AccountStatus, App, AppMode, ConsoleSession, InputVariable, Subject, WorkspaceRole } from './state.ts';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const TOKEN_TTL_MS = 14 * DAY;

/** Apps were last edited before this instant, newest first. */
export const APPS_EPOCH = Date.UTC(2025, 5, 30, 17, 0, 0);
export const ACCOUNTS_EPOCH = Date.UTC(2024, 10, 4, 9, 30, 0);

/** The deployment's CONSOLE_WEB_URL: where people approve devices and accept invitations. */
export const CONSOLE_WEB_URL = 'https://dify.northwind-labs.example.com';

export const EXTERNAL_SUBJECT = { email: 'r.moreau@contractors.example.org', issuer: 'https://sso.northwind-labs.example.com' };

export function accountId(key: string): string {
  return uuidFrom(`account:${key}`);
}

/** Ids of seeded records that tests and tooling need to name. */
export const SEED = {
  ownerId: accountId('maya'),
  adminId: accountId('priya'),
  secondAdminId: accountId('daniel'),
  editorId: accountId('sofia'),
  normalMemberId: accountId('hannah'),
  pendingMemberId: accountId('tomas'),
  bannedMemberId: accountId('olga'),
  /** Owns the partner workspace; not a member of the main one. */
  outsiderId: accountId('jonas'),
  mainWorkspaceId: uuidFrom('workspace:northwind-labs'),
  partnerWorkspaceId: uuidFrom('workspace:acme-partners'),
  /** Jonas's own workspace: the owner of the main one is not a member. */
  foreignWorkspaceId: uuidFrom('workspace:weber-consulting'),
  ownerSessionId: uuidFrom('session:maya-mbp'),
  ownerOtherSessionIds: [uuidFrom('session:maya-runner'), uuidFrom('session:maya-thinkpad'), uuidFrom('session:maya-vscode')],
  revokedOwnerSessionId: uuidFrom('session:maya-old-laptop'),
  /** Priya's own difyctl session: the bearer of the second account. */
  foreignSessionId: uuidFrom('session:priya-desktop'),
  externalSessionId: uuidFrom('session:contractor'),
  agentAppId: uuidFrom('app:Ops Runbook Agent'),
  apiDisabledAppId: uuidFrom('app:Campaign Brainstormer'),
  partnerAppId: uuidFrom('app:Partner Onboarding Checklist'),
  foreignAppId: uuidFrom('app:Timesheet Reminder Bot'),
} as const;

interface MemberSeed {
  key: string;
  name: string;
  email: string;
  role: WorkspaceRole;
  status: AccountStatus;
}

const MAIN_MEMBERS: readonly MemberSeed[] = [
  { key: 'maya', name: 'Maya Chen', email: 'maya.chen@northwind-labs.example.com', role: 'owner', status: 'active' },
  { key: 'priya', name: 'Priya Raman', email: 'priya.raman@northwind-labs.example.com', role: 'admin', status: 'active' },
  { key: 'daniel', name: 'Daniel Okafor', email: 'daniel.okafor@northwind-labs.example.com', role: 'admin', status: 'active' },
  { key: 'sofia', name: 'Sofia Alvarez', email: 'sofia.alvarez@northwind-labs.example.com', role: 'editor', status: 'active' },
  { key: 'liam', name: "Liam O'Brien", email: 'liam.obrien@northwind-labs.example.com', role: 'editor', status: 'active' },
  { key: 'hannah', name: 'Hannah Schulz', email: 'hannah.schulz@northwind-labs.example.com', role: 'normal', status: 'active' },
  { key: 'kenji', name: 'Kenji Watanabe', email: 'kenji.watanabe@northwind-labs.example.com', role: 'normal', status: 'active' },
  { key: 'amara', name: 'Amara Nwosu', email: 'amara.nwosu@northwind-labs.example.com', role: 'dataset_operator', status: 'active' },
  { key: 'tomas', name: 'Tomás Silva', email: 'tomas.silva@northwind-labs.example.com', role: 'normal', status: 'pending' },
  { key: 'olga', name: 'Olga Petrova', email: 'olga.petrova@northwind-labs.example.com', role: 'normal', status: 'banned' },
];

const PARTNER_MEMBERS: readonly MemberSeed[] = [
  { key: 'jonas', name: 'Jonas Weber', email: 'jonas.weber@acme-partners.example.net', role: 'owner', status: 'active' },
  { key: 'maya', name: 'Maya Chen', email: 'maya.chen@northwind-labs.example.com', role: 'normal', status: 'active' },
  { key: 'ethan', name: 'Ethan Brooks', email: 'ethan.brooks@acme-partners.example.net', role: 'editor', status: 'active' },
  { key: 'priya', name: 'Priya Raman', email: 'priya.raman@northwind-labs.example.com', role: 'admin', status: 'active' },
];

const FOREIGN_MEMBERS: readonly MemberSeed[] = [
  { key: 'jonas', name: 'Jonas Weber', email: 'jonas.weber@acme-partners.example.net', role: 'owner', status: 'active' },
  { key: 'ethan', name: 'Ethan Brooks', email: 'ethan.brooks@acme-partners.example.net', role: 'admin', status: 'active' },
];

const TRIAGE_INPUTS: readonly InputVariable[] = [
  { variable: 'ticket_text', label: 'Ticket text', type: 'paragraph', required: true, maxLength: 4000 },
  { variable: 'priority_hint', label: 'Priority hint', type: 'select', required: false, options: ['low', 'normal', 'high'] },
  { variable: 'max_tags', label: 'Maximum tags', type: 'number', required: false },
];
export const TEXT_INPUT: readonly InputVariable[] = [
  { variable: 'source_text', label: 'Source text', type: 'paragraph', required: true, maxLength: 8000 },
  { variable: 'language', label: 'Output language', type: 'select', required: false, options: ['English', 'German', 'Japanese', 'Spanish'] },
];
export const TOPIC_INPUT: readonly InputVariable[] = [
  { variable: 'topic', label: 'Topic', type: 'text-input', required: true, maxLength: 256 },
  { variable: 'tone', label: 'Tone', type: 'select', required: false, options: ['friendly', 'formal', 'playful'] },
];
export const CHAT_INPUT: readonly InputVariable[] = [
  { variable: 'customer_tier', label: 'Customer tier', type: 'select', required: false, options: ['free', 'pro', 'enterprise'] },
];
const FILE_INPUT: readonly InputVariable[] = [
  { variable: 'contract', label: 'Contract document', type: 'file', required: true },
  { variable: 'focus', label: 'Clauses to focus on', type: 'text-input', required: false, maxLength: 200 },
];
const APPROVAL_INPUT: readonly InputVariable[] = [
  { variable: 'employee', label: 'Employee', type: 'text-input', required: true, maxLength: 120 },
  { variable: 'amount', label: 'Amount (EUR)', type: 'number', required: true },
  { variable: 'purpose', label: 'Purpose', type: 'paragraph', required: false, maxLength: 2000 },
];

const CRM_SECRETS: readonly SecretSetting[] = [
  { name: 'CRM_API_KEY', value: 'crm-live-7f3c9a1e2b4d', secret: true },
  { name: 'CRM_REGION', value: 'eu-west-1', secret: false },
];

export interface AppSeed {
  /** Names the app's id; defaults to its name. */
  key?: string;
  name: string;
  mode: AppMode;
  tags: readonly string[];
  author: string;
  description: string;
  inputs?: readonly InputVariable[];
  environment?: readonly SecretSetting[];
  humanInput?: boolean;
  enableApi?: boolean;
  workspace?: 'partner' | 'foreign';
  /** Last edit; by default apps are a week apart in seed order. */
  updatedAt?: number;
}

const WORKFLOW = 'workflow';
const CHAT = 'chat';
const ADVANCED = 'advanced-chat';
const COMPLETION = 'completion';
const AGENT_CHAT = 'agent-chat';

// Newest first: the list order of GET /apps.
const APP_SEEDS: readonly AppSeed[] = [
  {
    name: 'Support Ticket Triage',
    mode: WORKFLOW,
    tags: ['support', 'internal'],
    author: 'priya',
    description: 'Classifies incoming tickets, suggests a priority and drafts the first reply.',
    inputs: TRIAGE_INPUTS,
    environment: CRM_SECRETS,
  },
  {
    name: 'Customer Support Copilot',
    mode: ADVANCED,
    tags: ['support'],
    author: 'sofia',
    description: 'Answers customer questions from the help-center knowledge base.',
    inputs: CHAT_INPUT,
  },
  {
    name: 'HR Policy Assistant',
    mode: CHAT,
    tags: ['hr', 'internal'],
    author: 'daniel',
    description: 'Answers questions about leave, benefits and travel policy.',
  },
  {
    name: 'Product Description Writer',
    mode: COMPLETION,
    tags: ['marketing'],
    author: 'liam',
    description: 'Writes product page copy from a short brief.',
    inputs: TOPIC_INPUT,
  },
  {
    name: 'Research Analyst Agent',
    mode: AGENT_CHAT,
    tags: ['sales', 'beta'],
    author: 'sofia',
    description: 'Researches a company with web search and summarises the findings.',
  },
  {
    name: 'Expense Approval Flow',
    mode: WORKFLOW,
    tags: ['finance', 'internal'],
    author: 'priya',
    description: 'Routes expense claims to a manager for approval before booking them.',
    inputs: APPROVAL_INPUT,
    humanInput: true,
  },
  {
    name: 'Contract Review Assistant',
    mode: WORKFLOW,
    tags: ['legal'],
    author: 'daniel',
    description: 'Reads an uploaded contract and flags risky clauses.',
    inputs: FILE_INPUT,
  },
  {
    name: 'Weekly Sales Digest',
    mode: WORKFLOW,
    tags: ['sales'],
    author: 'maya',
    description: 'Summarises the week in the CRM for the Monday sales meeting.',
    inputs: TEXT_INPUT,
    environment: CRM_SECRETS,
  },
  { name: 'IT Helpdesk Bot', mode: CHAT, tags: ['internal', 'engineering'], author: 'liam', description: 'First-line help for laptops, VPN and accounts.' },
  {
    name: 'Release Notes Generator',
    mode: WORKFLOW,
    tags: ['engineering'],
    author: 'sofia',
    description: 'Turns merged pull requests into customer-facing release notes.',
    inputs: TEXT_INPUT,
  },
  {
    name: 'Email Reply Drafter',
    mode: COMPLETION,
    tags: ['support'],
    author: 'hannah',
    description: 'Drafts polite replies to customer emails.',
    inputs: TOPIC_INPUT,
  },
  { name: 'Onboarding Buddy', mode: CHAT, tags: ['hr'], author: 'daniel', description: 'Guides new hires through their first two weeks.' },
  {
    name: 'Invoice Extractor',
    mode: WORKFLOW,
    tags: ['finance'],
    author: 'priya',
    description: 'Extracts vendor, totals and due dates from invoice text.',
    inputs: TEXT_INPUT,
  },
  {
    name: 'Sales Playbook Coach',
    mode: ADVANCED,
    tags: ['sales'],
    author: 'maya',
    description: 'Role-plays discovery calls and objection handling.',
    inputs: CHAT_INPUT,
  },
  {
    name: 'SEO Meta Writer',
    mode: COMPLETION,
    tags: ['marketing'],
    author: 'liam',
    description: 'Writes titles and meta descriptions for blog posts.',
    inputs: TOPIC_INPUT,
  },
  {
    name: 'Data Query Agent',
    mode: AGENT_CHAT,
    tags: ['engineering', 'beta'],
    author: 'sofia',
    description: 'Answers questions about the warehouse with read-only SQL tools.',
  },
  {
    name: 'Meeting Minutes Summarizer',
    mode: WORKFLOW,
    tags: ['internal'],
    author: 'hannah',
    description: 'Summarises a transcript into decisions and action items.',
    inputs: TEXT_INPUT,
  },
  {
    name: 'Product FAQ Concierge',
    mode: ADVANCED,
    tags: ['support', 'marketing'],
    author: 'sofia',
    description: 'Answers pre-sales questions about plans and features.',
  },
  {
    name: 'Lead Enrichment Pipeline',
    mode: WORKFLOW,
    tags: ['sales'],
    author: 'daniel',
    description: 'Enriches new leads with company size, industry and fit score.',
    inputs: TEXT_INPUT,
    environment: CRM_SECRETS,
  },
  {
    name: 'Tweet Thread Writer',
    mode: COMPLETION,
    tags: ['marketing'],
    author: 'liam',
    description: 'Turns a blog post into a short social thread.',
    inputs: TOPIC_INPUT,
  },
  { name: 'Benefits Enrollment Helper', mode: CHAT, tags: ['hr'], author: 'daniel', description: 'Explains benefit options during open enrollment.' },
  { name: 'Resume Screener', mode: WORKFLOW, tags: ['hr'], author: 'priya', description: 'Scores resumes against a job description.', inputs: TEXT_INPUT },
  { name: 'Travel Planner Agent', mode: AGENT_CHAT, tags: ['internal'], author: 'kenji', description: 'Plans business trips within the travel policy.' },
  {
    name: 'Churn Risk Scorer',
    mode: WORKFLOW,
    tags: ['sales', 'finance'],
    author: 'maya',
    description: 'Scores accounts for churn risk from usage notes.',
    inputs: TEXT_INPUT,
  },
  {
    name: 'Bug Report Triage Chat',
    mode: ADVANCED,
    tags: ['engineering'],
    author: 'sofia',
    description: 'Collects reproduction steps and files a clean bug report.',
  },
  { name: 'Job Ad Writer', mode: COMPLETION, tags: ['hr'], author: 'hannah', description: 'Writes inclusive job advertisements.', inputs: TOPIC_INPUT },
  {
    name: 'Translation QA',
    mode: WORKFLOW,
    tags: ['marketing'],
    author: 'liam',
    description: 'Checks translated copy for terminology and tone.',
    inputs: TEXT_INPUT,
  },
  {
    name: 'Security Questionnaire Assistant',
    mode: CHAT,
    tags: ['sales', 'legal'],
    author: 'priya',
    description: 'Drafts answers to customer security questionnaires.',
  },
  { name: 'Competitive Intel Agent', mode: AGENT_CHAT, tags: ['sales'], author: 'maya', description: 'Tracks competitor pricing pages and launch posts.' },
  {
    name: 'Changelog Summarizer',
    mode: WORKFLOW,
    tags: ['engineering'],
    author: 'sofia',
    description: 'Condenses a long changelog into highlights.',
    inputs: TEXT_INPUT,
  },
  { name: 'Refund Policy Bot', mode: CHAT, tags: ['support'], author: 'hannah', description: 'Explains the refund policy and eligibility.' },
  {
    name: 'Newsletter Composer',
    mode: COMPLETION,
    tags: ['marketing'],
    author: 'liam',
    description: 'Composes the monthly customer newsletter.',
    inputs: TOPIC_INPUT,
  },
  {
    name: 'Incident Postmortem Drafter',
    mode: WORKFLOW,
    tags: ['engineering', 'internal'],
    author: 'daniel',
    description: 'Drafts a blameless postmortem from an incident timeline.',
    inputs: TEXT_INPUT,
  },
  { name: 'Partner Portal Guide', mode: ADVANCED, tags: ['sales'], author: 'maya', description: 'Helps resellers find assets in the partner portal.' },
  { name: 'Procurement Q&A', mode: CHAT, tags: ['finance'], author: 'priya', description: 'Answers questions about purchasing rules and vendors.' },
  {
    name: 'Social Listening Report',
    mode: WORKFLOW,
    tags: ['marketing'],
    author: 'liam',
    description: 'Summarises brand mentions into a weekly report.',
    inputs: TEXT_INPUT,
  },
  { name: 'Code Review Helper', mode: AGENT_CHAT, tags: ['engineering'], author: 'sofia', description: 'Reviews diffs with repository search tools.' },
  {
    name: 'Case Study Writer',
    mode: COMPLETION,
    tags: ['marketing', 'sales'],
    author: 'hannah',
    description: 'Writes customer case studies from interview notes.',
    inputs: TOPIC_INPUT,
  },
  {
    name: 'Survey Insights Extractor',
    mode: WORKFLOW,
    tags: ['support'],
    author: 'kenji',
    description: 'Groups survey answers into themes with counts.',
    inputs: TEXT_INPUT,
  },
  { name: 'Office Facilities Bot', mode: CHAT, tags: ['internal'], author: 'kenji', description: 'Books rooms and answers facilities questions.' },
  {
    name: 'Quarterly Report Narrator',
    mode: WORKFLOW,
    tags: ['finance'],
    author: 'maya',
    description: 'Writes the narrative section of the quarterly report.',
    inputs: TEXT_INPUT,
  },
  {
    name: 'API Docs Assistant',
    mode: ADVANCED,
    tags: ['engineering', 'support'],
    author: 'sofia',
    description: 'Answers developer questions from the API reference.',
  },
  {
    name: 'Press Release Drafter',
    mode: COMPLETION,
    tags: ['marketing'],
    author: 'liam',
    description: 'Drafts press releases in the house style.',
    inputs: TOPIC_INPUT,
  },
  {
    name: 'Vendor Risk Checker',
    mode: WORKFLOW,
    tags: ['legal', 'finance'],
    author: 'priya',
    description: 'Checks vendor answers against the risk policy.',
    inputs: TEXT_INPUT,
  },
  { name: 'Learning Path Advisor', mode: CHAT, tags: ['hr'], author: 'hannah', description: 'Suggests courses for career goals.' },
  {
    name: 'Pricing Page Experimenter',
    mode: AGENT_CHAT,
    tags: ['marketing', 'beta'],
    author: 'maya',
    description: 'Proposes pricing-page copy variants to test.',
  },
  { name: 'Localization Glossary Bot', mode: CHAT, tags: ['marketing'], author: 'liam', description: 'Answers terminology questions for translators.' },
  {
    name: 'Legacy FAQ Importer',
    mode: WORKFLOW,
    tags: [],
    author: 'daniel',
    description: 'Converts the old FAQ export into help-center articles.',
    inputs: TEXT_INPUT,
  },
  // Not listed by default: the `agent` app type, and an app with its API switched off.
  { name: 'Ops Runbook Agent', mode: 'agent', tags: ['engineering'], author: 'daniel', description: 'Runs operational runbooks step by step.' },
  {
    name: 'Campaign Brainstormer',
    mode: CHAT,
    tags: ['marketing'],
    author: 'liam',
    description: 'Brainstorms campaign ideas (web app only).',
    enableApi: false,
  },
  // The partner workspace.
  {
    name: 'Partner Onboarding Checklist',
    mode: WORKFLOW,
    tags: ['partners'],
    author: 'jonas',
    description: 'Builds an onboarding checklist for a new partner.',
    inputs: TEXT_INPUT,
    workspace: 'partner',
  },
  {
    name: 'Partner FAQ Bot',
    mode: CHAT,
    tags: ['partners'],
    author: 'ethan',
    description: 'Answers common partner programme questions.',
    workspace: 'partner',
  },
  {
    name: 'Deal Registration Helper',
    mode: ADVANCED,
    tags: ['partners', 'sales'],
    author: 'ethan',
    description: 'Walks partners through deal registration.',
    workspace: 'partner',
  },
  {
    name: 'Co-marketing Copywriter',
    mode: COMPLETION,
    tags: ['partners', 'marketing'],
    author: 'jonas',
    description: 'Writes joint campaign copy.',
    inputs: TOPIC_INPUT,
    workspace: 'partner',
  },
  // A workspace the owner does not belong to.
  {
    name: 'Timesheet Reminder Bot',
    mode: CHAT,
    tags: ['internal'],
    author: 'jonas',
    description: 'Reminds consultants to file their timesheets.',
    workspace: 'foreign',
  },
];

const ICONS: Readonly<Record<AppMode, [string, string]>> = {
  workflow: ['🧭', '#E0F2FE'],
  'advanced-chat': ['🛟', '#FEF3C7'],
  chat: ['💬', '#DCFCE7'],
  completion: ['✍️', '#FCE7F3'],
  'agent-chat': ['🕵️', '#EDE9FE'],
  agent: ['🤖', '#E5E7EB'],
  channel: ['📣', '#E5E7EB'],
  'rag-pipeline': ['📚', '#E5E7EB'],
};

const MODELS = [
  { provider: 'langgenius/openai/openai', name: 'gpt-4o-mini' },
  { provider: 'langgenius/anthropic/anthropic', name: 'claude-3-5-sonnet-20241022' },
  { provider: 'langgenius/openai/openai', name: 'gpt-4o' },
] as const;

/** Plugins this server has installed; imports referencing others leak dependencies. */
export const INSTALLED_PLUGINS: readonly string[] = ['langgenius/openai', 'langgenius/anthropic'];

export function buildApp(seed: AppSeed, index: number): App {
  const id = uuidFrom(`app:${seed.key ?? seed.name}`);
  // Two neighbours share an edit time so the id tiebreak is exercised.
  const updatedAt = seed.updatedAt ?? APPS_EPOCH - (index === 13 ? 12 : index) * 7 * HOUR;
  const [icon, iconBackground] = ICONS[seed.mode];
  const model = MODELS[index % MODELS.length] ?? MODELS[0];
  const variables = [...(seed.inputs ?? [])];
  const workflowFamily = seed.mode === 'workflow' || seed.mode === 'advanced-chat';
  const dsl = seedDocument({
    name: seed.name,
    description: seed.description,
    mode: seed.mode,
    icon,
    iconBackground,
    variables,
    environment: seed.environment ?? [],
    humanInput: seed.humanInput ?? false,
    model: { provider: model.provider, name: model.name },
  });
  return {
    id,
    workspaceId: seed.workspace === 'partner' ? SEED.partnerWorkspaceId : seed.workspace === 'foreign' ? SEED.foreignWorkspaceId : SEED.mainWorkspaceId,
    name: seed.name,
    description: seed.description,
    mode: seed.mode,
    iconType: 'emoji',
    icon,
    iconBackground,
    tags: [...seed.tags],
    authorId: accountId(seed.author),
    createdAt: updatedAt - 30 * DAY,
    updatedAt,
    enableApi: seed.enableApi ?? true,
    variables,
    workflowIds: workflowFamily ? [uuidFrom(`workflow:${seed.name}:v2`), uuidFrom(`workflow:${seed.name}:v1`)] : [],
    pausesForHumanInput: seed.humanInput ?? false,
    permittedExternally: index % 2 === 0,
    // Every app that exists at start was published by a person in the console.
    dsl,
    publishedDsl: dsl,
  };
}

export const SEEDED_APP_IDS = {
  workflow: uuidFrom('app:Support Ticket Triage'),
  chat: uuidFrom('app:HR Policy Assistant'),
  'advanced-chat': uuidFrom('app:Customer Support Copilot'),
  completion: uuidFrom('app:Product Description Writer'),
  'agent-chat': uuidFrom('app:Research Analyst Agent'),
} as const;
export const HITL_APP_ID = uuidFrom('app:Expense Approval Flow');
export const FILE_APP_ID = uuidFrom('app:Contract Review Assistant');

interface SessionSeed {
  id: string;
  subject: Subject;
  prefix: TokenPrefix;
  clientId: string;
  deviceLabel: string;
  ageMs: number;
  revoked?: boolean;
}

const OWNER: Subject = { type: 'account', accountId: SEED.ownerId };

const SESSION_SEEDS: readonly SessionSeed[] = [
  { id: SEED.ownerSessionId, subject: OWNER, prefix: 'dfoa_', clientId: 'difyctl', deviceLabel: 'difyctl on maya-mbp', ageMs: 60_000 },
  { id: SEED.ownerOtherSessionIds[0], subject: OWNER, prefix: 'dfoa_', clientId: 'difyctl', deviceLabel: 'difyctl on build-runner-02', ageMs: 2 * DAY },
  {
    id: SEED.ownerOtherSessionIds[1],
    subject: OWNER,
    prefix: 'dfoa_',
    clientId: 'difyctl',
    deviceLabel: 'difyctl on maya-thinkpad',
    ageMs: 6 * DAY + 3 * HOUR,
  },
  { id: SEED.ownerOtherSessionIds[2], subject: OWNER, prefix: 'dfoa_', clientId: 'dify-vscode', deviceLabel: 'VS Code on maya-mbp', ageMs: 9 * DAY },
  {
    id: SEED.revokedOwnerSessionId,
    subject: OWNER,
    prefix: 'dfoa_',
    clientId: 'difyctl',
    deviceLabel: 'difyctl on old-laptop',
    ageMs: 12 * DAY,
    revoked: true,
  },
  {
    id: SEED.foreignSessionId,
    subject: { type: 'account', accountId: SEED.adminId },
    prefix: 'dfoa_',
    clientId: 'difyctl',
    deviceLabel: 'difyctl on priya-desktop',
    ageMs: DAY,
  },
  {
    id: SEED.externalSessionId,
    subject: { type: 'external_sso', ...EXTERNAL_SUBJECT },
    prefix: 'dfoe_',
    clientId: 'difyctl',
    deviceLabel: 'difyctl on contractor-laptop',
    ageMs: 3 * HOUR,
  },
];

export interface SeededWorld {
  state: ServerState;
  ownerToken: string;
  externalToken: string;
  /** Priya's bearer: the second account, which also has a console login. */
  secondToken: string;
}

function consoleLogin(accountKey: string): ConsoleSession {
  return { accountId: accountId(accountKey), accessToken: randomUrlSafe(48), csrfToken: randomUrlSafe(32) };
}

export function seedWorld(now: number): SeededWorld {
  // The owner's console login and a second one of Priya's: approving with hers mints her tokens.
  const state = new ServerState([consoleLogin('maya'), consoleLogin('priya')]);
  state.workspaces.set(SEED.mainWorkspaceId, { id: SEED.mainWorkspaceId, name: 'Northwind Labs', status: 'normal', createdAt: ACCOUNTS_EPOCH });
  state.workspaces.set(SEED.partnerWorkspaceId, {
    id: SEED.partnerWorkspaceId,
    name: 'Acme Partners Sandbox',
    status: 'normal',
    createdAt: ACCOUNTS_EPOCH + 40 * DAY,
  });
  state.workspaces.set(SEED.foreignWorkspaceId, {
    id: SEED.foreignWorkspaceId,
    name: 'Weber Consulting',
    status: 'normal',
    createdAt: ACCOUNTS_EPOCH + 75 * DAY,
  });
  const addMembers = (workspaceId: string, members: readonly MemberSeed[]): void => {
    members.forEach((member, index) => {
      const id = accountId(member.key);
      if (!state.accounts.has(id)) {
        state.accounts.set(id, {
          id,
          name: member.name,
          email: member.email,
          status: member.status,
          avatar: member.status === 'active' ? `https://avatars.northwind-labs.example.com/${member.key}.png` : null,
          createdAt: ACCOUNTS_EPOCH + index * DAY,
        });
      }
      // Each account's first workspace is its current one.
      state.memberships.push({ workspaceId, accountId: id, role: member.role, current: state.membershipsOf(id).length === 0 });
    });
  };
  addMembers(SEED.mainWorkspaceId, MAIN_MEMBERS);
  addMembers(SEED.partnerWorkspaceId, PARTNER_MEMBERS);
  addMembers(SEED.foreignWorkspaceId, FOREIGN_MEMBERS);

  APP_SEEDS.forEach((seed, index) => {
    const app = buildApp(seed, index);
    state.apps.set(app.id, app);
  });

  let ownerToken = '';
  let externalToken = '';
  let secondToken = '';
  for (const seed of SESSION_SEEDS) {
    const token = mintBearer(seed.prefix);
    if (seed.id === SEED.ownerSessionId) ownerToken = token;
    if (seed.id === SEED.externalSessionId) externalToken = token;
    if (seed.id === SEED.foreignSessionId) secondToken = token;
    const createdAt = now - seed.ageMs;
    state.sessions.push({
      id: seed.id,
      tokenHash: seed.revoked ? null : sha256Hex(token),
      prefix: seed.prefix,
      subject: seed.subject,
      clientId: seed.clientId,
      deviceLabel: seed.deviceLabel,
      createdAt,
      expiresAt: createdAt + TOKEN_TTL_MS,
      revokedAt: seed.revoked ? createdAt + DAY : null,
    });
  }
  return { state, ownerToken, externalToken, secondToken };
}
