// When a page connects again by itself after its session ended, and how soon (docs/cluster.md, "What happens when").
// The one place that says which ends are retried: the server's or the network's, never the person's, a refusal or a
// protocol error.

/** Retryable ends, by the session's end kind (ShieldSession's "ended" event): its reasons or error codes. */
const RETRYABLE = {
  // the signaling socket closed without an "ended" or "error" first (a node killed, the balancer's link cut), or the
  // server went silent (SERVER_SILENT: no answer on the stats channel, or no "ready": a node gone or hung without
  // closing its sockets)
  failed: new Set(['CONNECTION_LOST', 'SERVER_SILENT']),
  // a drained node moves its sessions to another node; a stopping server ends them (the balancer sends the next
  // socket to a running node, or, on a single server, to the same one once it is back)
  ended: new Set(['moved', 'server_shutdown']),
  // a join that reached another node than the room's: the page's route is reloaded before the next try
  refused: new Set(['ROOM_ELSEWHERE']),
};

/** Whether the page connects again after this end ({ kind, reason } of ShieldSession's "ended" event). */
export function retryable({ kind, reason }) {
  return RETRYABLE[kind]?.has(reason) ?? false;
}

// Tries and their spacing: a killed node's peers drop it from their view within about a second (JGroups FD_SOCK2,
// docs/cluster.md), so the first two tries may still meet it; 8 tries span about 20 s, past a balancer's restart.
const TRIES = 8;
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 4000;
// spreads a node's pages over time, so that they do not all reach the survivor in the same instant
const JITTER = 0.25;

/**
 * The tries left and the wait before each: doubling from 250 ms to at most 4 s, with jitter; what was lost, and when;
 * reset once live again.
 */
export class Reconnect {
  #tries = 0;
  #lostAt = null;
  #lostReason = null;

  /**
   * A session ended in a way that is retried: @return the wait in ms before the next try, or null when none is left.
   * The reason kept is the first loss's, not what a later try met.
   */
  next(reason) {
    if (this.#tries >= TRIES) return null;
    if (this.#lostAt === null) {
      this.#lostAt = performance.now();
      this.#lostReason = reason;
    }
    const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** this.#tries);
    this.#tries++;
    return Math.round(delay * (1 - JITTER + 2 * JITTER * Math.random()));
  }

  /** The try about to be made (1 for the first), and how many there are. */
  get tries() {
    return { made: this.#tries, of: TRIES };
  }

  /** Whether the page is between a lost session and a live one. */
  get active() {
    return this.#lostAt !== null;
  }

  /** The state to show for a session's state: "connecting" again after a loss is "reconnecting". */
  shown(state) {
    return this.active && state === 'connecting' ? 'reconnecting' : state;
  }

  /**
   * The session is live again, or ended for good: @return what was lost ({ reason, lostAt: epoch ms,
   * resumedAfterMs }), or null when nothing was.
   */
  reset() {
    const lost = this.#lostAt === null ? null : {
      reason: this.#lostReason,
      lostAt: Date.now() - Math.round(performance.now() - this.#lostAt),
      resumedAfterMs: Math.round(performance.now() - this.#lostAt),
    };
    this.#tries = 0;
    this.#lostAt = null;
    this.#lostReason = null;
    return lost;
  }
}
