// The hub's HTTP API: the token, typed calls, and problem responses turned into errors.

export interface AttributeMeta { type: string; unit?: string; settable?: boolean }
export interface CommandMeta { name: string; args?: Record<string, AttributeMeta> }
export interface DeviceMeta {
  type?: string;
  attributes?: Record<string, AttributeMeta>;
  /** Older devices list names only. */
  commands?: Array<CommandMeta | string>;
}
export interface Device {
  id: string;
  /** hearth (the wire contract), or the native protocol an adapter translates; origin: the login that speaks for it */
  protocol?: string;
  origin?: { login: string; name: string };
  availability: string;
  lastSeen?: string;
  state?: Record<string, unknown>;
  updatedAt?: Record<string, string>;
  meta?: DeviceMeta;
}
export interface History {
  buckets?: Array<{ start: string; avg: number; min: number; max: number; count: number }>;
  points?: Array<{ at: string; value: unknown }>;
}
export interface SentCommand {
  sentAt: string; command: string; args: unknown; sentBy: string;
  outcome: 'ok' | 'error' | 'no-reply'; result?: unknown; error?: string; latencyMillis: number;
}
export interface CommandReply { ok: boolean; result?: unknown; error?: string }
export interface LastRun { at: string; trigger: string; outcome: string; detail?: string }
export interface Rule {
  id: string; description?: string; mode: string; enabled: boolean; dryRun: boolean; source: string;
  lastRun?: LastRun; yaml?: string;
}
// The hub leaves empty lists out of its JSON: every list here may be missing.
export interface Rules { rules?: Rule[]; loadErrors?: string[] }
export interface TraceStep { at: string; kind: string; what: string; result: string; tookMillis: number }
export interface Trace {
  runId: string; rule: string; trigger: string; triggerValues: unknown; causation: string; depth: number;
  started: string; ended: string; outcome: string; detail?: string; steps?: TraceStep[]; devices?: string[];
}
export interface WhoAmI { role: string; canAct: boolean }

const TOKEN_KEY = 'hearth.token';

/** A token kept in localStorage ("remember me") or sessionStorage (this tab only). */
export const token = {
  get(): string | null {
    return sessionStorage.getItem(TOKEN_KEY) ?? localStorage.getItem(TOKEN_KEY);
  },
  set(value: string, remember: boolean): void {
    this.clear();
    (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, value);
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(TOKEN_KEY);
  },
};

/** A refused or failed request, with the hub's own sentence (problem+json "detail") as message. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Told when the hub answers 401: the token was revoked or mistyped. */
let onUnauthorized: () => void = () => {};
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const bearer = token.get();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  // relative: the dashboard may sit behind a proxy under a sub-path
  const response = await fetch(`api/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = parseJson(await response.text());
  if (!response.ok) {
    if (response.status === 401) onUnauthorized();
    throw new ApiError(response.status, json?.detail ?? `${method} ${path}: HTTP ${response.status}`);
  }
  return json as T;
}

function parseJson(text: string): any {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined; // an error page from a proxy, say: the status tells enough
  }
}

const get = <T>(path: string) => call<T>('GET', path);
const post = <T>(path: string, body?: unknown) => call<T>('POST', path, body);
const id = encodeURIComponent;

function query(params: Record<string, string | undefined>): string {
  const defined = Object.entries(params).filter((entry): entry is [string, string] => !!entry[1]);
  return defined.length ? `?${new URLSearchParams(defined)}` : '';
}

export const api = {
  whoami: () => get<WhoAmI>('whoami'),
  devices: () => get<Device[]>('devices'),
  device: (device: string) => get<Device>(`devices/${id(device)}`),
  history: (device: string, attribute: string, from: Date, to: Date, bucket: string) =>
    get<History>(`devices/${id(device)}/history${query({ attribute, from: from.toISOString(), to: to.toISOString(), bucket })}`),
  recentCommands: (device: string) => get<SentCommand[]>(`devices/${id(device)}/commands`),
  sendCommand: (device: string, command: string, args: Record<string, unknown>) =>
    post<CommandReply>(`devices/${id(device)}/commands/${id(command)}?timeout=5s`, args),
  rules: () => get<Rules>('rules'),
  rule: (rule: string) => get<Rule>(`rules/${id(rule)}`),
  setRuleEnabled: (rule: string, enabled: boolean) => post<Rule>(`rules/${id(rule)}/${enabled ? 'enable' : 'disable'}`),
  runRule: (rule: string, dryRun: boolean) => post<unknown>(`rules/${id(rule)}/${dryRun ? 'dry-run' : 'run'}`),
  ruleTraces: (rule: string) => get<Trace[]>(`rules/${id(rule)}/traces`),
  traces: (search: { device?: string; from?: string; to?: string }) => get<Trace[]>(`traces${query({ ...search, limit: '500' })}`),
};

/** The event stream URL: EventSource cannot send headers, so the token rides in the query. */
export function eventsUrl(): string {
  return `api/events${query({ access_token: token.get() ?? undefined })}`;
}
