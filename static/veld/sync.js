/* The sync engine: drains the outbox to POST /api/v1/sync/contacts, one batch at a time,
 * then the worker's follow-up updates to POST /api/v1/sync/followups.
 *
 * Rules (CONVENTIONS.md, "Offline and sync"): an item leaves the outbox only when the
 * server acknowledged it (created or duplicate); refused items stay, visible, with the
 * server's reason; network errors, 408, 429, 502, 503 and 504 back off (1 s doubling to
 * 5 min) and retry; 401 keeps everything and asks the worker to log in again. The item
 * id, made on the phone, is the server's idempotency key, so a batch sent twice is
 * stored once. Loaded by the page and by the service worker (Background Sync); a Web
 * Lock keeps the two from draining at the same time.
 *
 * One record the server cannot handle must not stall the rest. Any other failure of a
 * batch (500 above all) may be one record's fault: the batch is halved until the record
 * is alone, the record is parked (skipped for this drain, moved to the back of its
 * queue) and the drain goes on. It gets a strike only when the server was shown healthy:
 * another batch of the same queue was accepted in this drain, or, when it was all that
 * waited, a cheap probe (GET /api/v1/me) answers 200. Two strikes from two drains and it
 * moves to the refused list with a message, for the worker to correct or resend. Several
 * records failing alone in a row with nothing accepted looks like a broken server, not
 * broken records: the drain stops without strikes and tries again later. A server that
 * is down refuses nothing and loses nothing.
 */
(function (global) {
  'use strict';

  const store = global.Buurtronde.store;
  const ENDPOINT = '/api/v1/sync/contacts';
  const TOKEN_URL = '/api/v1/veld/bundle';
  const BATCH_SIZE = 100;
  const MIN_DELAY_MS = 1000;
  const MAX_DELAY_MS = 5 * 60 * 1000;
  const LOCK = 'buurtronde-outbox';
  // A request that never answers (a dead cell, a captive portal, a browser stuck between
  // offline and online) must not hold the outbox lock forever: give up and retry later.
  // The server may have stored the batch anyway; the replay then comes back "duplicate".
  const REQUEST_TIMEOUT_MS = 20 * 1000;
  // Passing trouble of the server or the network: nothing to do with what we sent.
  const RETRY_STATUSES = new Set([408, 425, 429, 502, 503, 504]);
  const PROBE_URL = '/api/v1/me';
  // Records failing alone, one after another, with nothing accepted in between: the
  // server is broken, not the records. Stop the drain there.
  const MAX_FAILS_IN_A_ROW = 3;
  const SERVER_FAILED = 'De server kon dit record niet verwerken, ook niet bij een nieuwe '
    + 'poging, terwijl andere records wel aankwamen. Pas het aan en verstuur het opnieuw, '
    + 'of meld het aan je coördinator.';
  // Two queues, drained in this order under the one lock with the same rules: the
  // contacts, then the worker's own follow-up updates (their own endpoint and shape).
  const QUEUES = [
    { endpoint: ENDPOINT, key: 'contacts', batch: BATCH_SIZE, store: 'outbox',
      pending: (n, skip) => store.pending(n, skip), apply: (i, r) => store.applyResults(i, r) },
    { endpoint: '/api/v1/sync/followups', key: 'updates', batch: 50, store: 'followup_updates',
      pending: (n, skip) => store.pendingFollowUpUpdates(n, skip),
      apply: (i, r) => store.applyFollowUpResults(i, r) },
  ];

  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('buurtronde') : null;
  const listeners = new Set();
  let delayMs = 0;
  let retryTimer = null;
  let again = false;
  let queued = false; // this page (or worker) already waits for, or holds, the lock

  function emit(event) {
    listeners.forEach((listener) => listener(event));
    if (channel) channel.postMessage(event);
  }

  async function readEnvelope(response) {
    try {
      return await response.json();
    } catch (error) {
      return null;
    }
  }

  /** Fetch a fresh CSRF token (the session may be new since the token was stored). */
  async function refreshToken() {
    const response = await fetch(TOKEN_URL, { credentials: 'same-origin', cache: 'no-store',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (response.status === 401) return 'login';
    if (!response.ok) return 'retry';
    const bundle = await response.json();
    await store.setMeta('csrf_token', bundle.csrf_token);
    return 'ok';
  }

  function post(queue, items, token) {
    return fetch(queue.endpoint, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': token || '' },
      body: JSON.stringify({ [queue.key]: items.map((item) => item.payload) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  }

  /** True when the server answers a cheap request: it is up, and we are logged in. */
  async function serverAnswers() {
    try {
      const response = await fetch(PROBE_URL, { credentials: 'same-origin', cache: 'no-store',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      return response.status === 200;
    } catch (networkError) {
      return false;
    }
  }

  /**
   * After a drain of QUEUE: every record parked in RUN gets its strike if the server was
   * shown healthy (a batch of the queue went through; else, when the parked records were
   * all that waited, a probe answers). Returns how many of them still wait.
   */
  async function settleParked(queue, run, drainId) {
    if (!run.parked.length) return 0;
    const healthy = run.accepted || (run.emptied && await serverAnswers());
    let waiting = 0;
    for (const id of run.parked) {
      const outcome = await store.serverFailed(queue.store, id,
        { drain: drainId, strike: healthy, message: SERVER_FAILED });
      if (outcome === 'parked') waiting += 1;
    }
    emit({ type: 'progress' });
    return waiting;
  }

  /**
   * Drain QUEUE within DRAIN (its id, and the ids parked in it, shared by the queues);
   * returns the state: idle, offline, login or retry.
   */
  async function drainOnce(queue, drain) {
    const run = { parked: [], accepted: false, emptied: false };
    const state = await sendBatches(queue, drain, run);
    const stillWaiting = await settleParked(queue, run, drain.id);
    // Parked records wait for the next drain: keep retrying (backoff) until they go.
    return state === 'idle' && stillWaiting ? 'retry' : state;
  }

  /** Send QUEUE's batches until it is empty or something stops us; notes in RUN. */
  async function sendBatches(queue, drain, run) {
    let batchSize = queue.batch;
    let tokenRefreshed = false;
    let failsInARow = 0;
    for (let guard = 0; guard < 10000; guard += 1) {
      const items = await queue.pending(batchSize, drain.parked);
      if (!items.length) {
        run.emptied = true;
        return 'idle';
      }
      let response;
      try {
        response = await post(queue, items, await store.getMeta('csrf_token'));
      } catch (networkError) {
        return 'offline';
      }
      if (response.status === 200) {
        const body = await readEnvelope(response);
        if (!body || !Array.isArray(body.results) || body.results.length !== items.length) {
          return 'retry'; // an answer we cannot match to our items: keep them all
        }
        const counts = await queue.apply(items, body.results);
        drain.acknowledged += (counts && counts.acknowledged) || 0;
        await store.setMeta('last_sync_at', new Date().toISOString());
        await store.setMeta('login_needed', false);
        delayMs = 0;
        run.accepted = true;
        failsInARow = 0;
        // Grow back after a halving, up to the queue's batch size.
        batchSize = Math.min(queue.batch, batchSize * 2);
        emit({ type: 'progress' });
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        await store.setMeta('login_needed', true);
        return 'login';
      }
      const envelope = await readEnvelope(response);
      const code = envelope && envelope.error ? envelope.error.code : null;
      if (response.status === 400 && code === 'csrf_failed') {
        if (tokenRefreshed) return 'retry'; // the session's trouble, not the records'
        tokenRefreshed = true;
        let outcome;
        try {
          outcome = await refreshToken();
        } catch (networkError) {
          return 'offline';
        }
        if (outcome === 'ok') continue;
        if (outcome === 'login') {
          await store.setMeta('login_needed', true);
          return 'login';
        }
        return 'retry';
      }
      if (response.status === 413) {
        if (items.length > 1) {
          batchSize = Math.max(1, Math.floor(items.length / 2));
          continue;
        }
        await queue.apply(items, [{
          id: items[0].id, status: 'rejected',
          errors: { note: ['Dit record is te groot om te versturen. Maak de notitie korter.'] },
        }]);
        continue;
      }
      if (RETRY_STATUSES.has(response.status)) return 'retry';
      // Anything else (500 above all) may be one record's fault: find it by halving.
      if (items.length > 1) {
        batchSize = Math.max(1, Math.floor(items.length / 2));
        continue;
      }
      run.parked.push(items[0].id);
      drain.parked.add(items[0].id);
      failsInARow += 1;
      if (failsInARow >= MAX_FAILS_IN_A_ROW) return 'retry';
      // Go on with the records behind it: at full size once the server took a batch,
      // else one at a time (it may be the server that fails, not the records).
      batchSize = run.accepted ? queue.batch : 1;
    }
    return 'retry';
  }

  function scheduleRetry() {
    if (typeof setTimeout !== 'function' || global.registration) return; // SW: browser retries
    delayMs = Math.min(MAX_DELAY_MS, delayMs ? delayMs * 2 : MIN_DELAY_MS);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => { retryTimer = null; drain('backoff'); }, delayMs);
  }

  async function runExclusive() {
    let state = 'idle';
    // One drain: its id counts strikes once, its set keeps parked records out of it.
    const drain = { id: `${Date.now()}-${Math.random().toString(36).slice(2)}`, parked: new Set(),
      acknowledged: 0 };
    do {
      again = false;
      let queueState = 'idle';
      state = 'idle';
      for (const queue of QUEUES) {
        queueState = await drainOnce(queue, drain);
        // A queue with a parked record must not keep the other queue waiting.
        if (queueState !== 'idle') state = queueState;
        if (queueState !== 'idle' && queueState !== 'retry') break;
      }
    } while (again && state === 'idle');
    return { state, acknowledged: drain.acknowledged };
  }

  /** Drain the outbox now (REASON is for the log); resolves with the final state. */
  async function drain(reason) {
    if (queued) {
      // Our own drain is waiting or running: it will take this call's items too.
      again = true;
      return 'queued';
    }
    emit({ type: 'state', state: 'syncing', reason });
    let state;
    let acknowledged = 0;
    try {
      let outcome;
      if (global.navigator && global.navigator.locks) {
        // Wait our turn instead of giving up: the holder may be the service worker's
        // Background Sync or another tab, and it may stop before the outbox is empty
        // (offline again, a refused token). Its requests time out, so the wait is bounded.
        queued = true;
        try {
          outcome = await global.navigator.locks.request(LOCK, () => runExclusive());
        } finally {
          queued = false;
        }
      } else {
        outcome = await runExclusive();
      }
      ({ state, acknowledged } = outcome);
    } catch (error) {
      state = 'retry';
    }
    if (state === 'offline' || state === 'retry') scheduleRetry();
    if (state === 'idle' || state === 'login') {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
    await store.setMeta('sync_state', state);
    // ACKNOWLEDGED: records the server took in this drain; the team's doors and the
    // worker's follow-ups changed, so the page asks for a fresh bundle.
    emit({ type: 'state', state, reason, acknowledged });
    return state;
  }

  /** Forget the backoff (the network just came back) and drain. */
  function drainNow(reason) {
    delayMs = 0;
    clearTimeout(retryTimer);
    retryTimer = null;
    return drain(reason);
  }

  global.Buurtronde.sync = {
    drain, drainNow,
    onEvent(listener) { listeners.add(listener); },
    get backingOff() { return retryTimer !== null; },
    get delayMs() { return delayMs; },
  };
})(self);
