/**
 * The backend's Prometheus metrics (prom-client), in a registry of their own so that tests and
 * several apps in one process never share counters. Everything the app records goes through the
 * small methods here, so the metric names and labels live in this one file.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AgentName } from '../chat/agent';
import { Database, PoolStats } from '../db/database';

export type Outcome = 'ok' | 'error';
/** Which sign-in limit refused an attempt: per account (email) or per client (address). */
export type ThrottleKind = 'account' | 'client';

/** Seconds: probes and task calls take milliseconds, a chat turn with Cohere up to its 15 s budget. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];
const CHAT_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30];

export class AppMetrics {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly chatTurns: Counter<'agent' | 'outcome'>;
  private readonly chatDuration: Histogram<'agent'>;
  private readonly toolCalls: Counter<'tool' | 'outcome'>;
  private readonly throttled: Counter<'kind'>;

  constructor(db: Database) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.chatTurns = new Counter({
      name: 'chat_turns_total',
      help: 'Chat turns answered, by the agent that answered (embedded or cohere) and outcome',
      labelNames: ['agent', 'outcome'],
      registers,
    });
    this.chatDuration = new Histogram({
      name: 'chat_turn_duration_seconds',
      help: 'Time the agent took for a chat turn, its tool calls included, by the agent that answered',
      labelNames: ['agent'],
      buckets: CHAT_BUCKETS,
      registers,
    });
    this.toolCalls = new Counter({
      name: 'mcp_tool_calls_total',
      help: 'Calls of the MCP task tools, by tool and outcome (error: refused arguments or missing task)',
      labelNames: ['tool', 'outcome'],
      registers,
    });
    this.throttled = new Counter({
      name: 'auth_login_throttled_total',
      help: 'Sign-in attempts refused with 429, by the limit reached (account or client)',
      labelNames: ['kind'],
      registers,
    });
    // Read when scraped, so the request path pays nothing for them.
    const pool = (name: string, help: string, pick: (s: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['database'],
        registers,
        collect() {
          const stats = db.poolStats?.();
          if (stats) this.set({ database: db.kind }, pick(stats));
        },
      });
    pool(
      'db_pool_connections',
      'Connections the database pool holds (embedded: its one connection)',
      (s) => s.total,
    );
    pool('db_pool_idle_connections', 'Connections of the pool that are idle', (s) => s.idle);
    pool(
      'db_pool_waiting_requests',
      'Queries waiting for a connection (embedded: queued behind the running one)',
      (s) => s.waiting,
    );
  }

  request(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: statusCode }, seconds);
  }

  chatTurn(agent: AgentName, outcome: Outcome, seconds: number): void {
    this.chatTurns.inc({ agent, outcome });
    if (outcome === 'ok') this.chatDuration.observe({ agent }, seconds);
  }

  toolCall(tool: string, outcome: Outcome): void {
    this.toolCalls.inc({ tool, outcome });
  }

  loginThrottled(kind: ThrottleKind): void {
    this.throttled.inc({ kind });
  }
}
