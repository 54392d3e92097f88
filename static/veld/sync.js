/* The sync engine: drains the outbox to POST /api/v1/sync/contacts, one batch at a time,
 * then the worker's follow-up updates to POST /api/v1/sync/followups.
 *
 * Rules (CONVENTIONS.md, "Offline and sync"): an item leaves the outbox only when the
 * server acknowledged it (created or duplicate); refused items stay, visible, with the
 * server's reason; network errors, 408, 429 and 5xx back off (1 s doubling to 5 min) and
 * retry; 401 keeps everything and asks the worker to log in again. The item id, made on
 * the phone, is the server's idempotency key, so a batch sent twice is stored once.
 * Loaded by the page and by the service worker (Background Sync); a Web Lock keeps the
 * two from draining at the same time.
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
  const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
  // Two queues, drained in this order under the one lock with the same rules: the
  // contacts, then the worker's own follow-up updates (their own endpoint and shape).
  const QUEUES = [
    { endpoint: ENDPOINT, key: 'contacts', batch: BATCH_SIZE,
      pending: (n) => store.pending(n), apply: (i, r) => store.applyResults(i, r) },
    { endpoint: '/api/v1/sync/followups', key: 'updates', batch: 50,
      pending: (n) => store.pendingFollowUpUpdates(n),
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

  /** Send QUEUE's batches until it is empty or something stops us; returns the state. */
  async function drainOnce(queue) {
    let batchSize = queue.batch;
    let tokenRefreshed = false;
    for (let guard = 0; guard < 10000; guard += 1) {
      const items = await queue.pending(batchSize);
      if (!items.length) return 'idle';
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
        await queue.apply(items, body.results);
        await store.setMeta('last_sync_at', new Date().toISOString());
        await store.setMeta('login_needed', false);
        delayMs = 0;
        emit({ type: 'progress' });
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        await store.setMeta('login_needed', true);
        return 'login';
      }
      const envelope = await readEnvelope(response);
      const code = envelope && envelope.error ? envelope.error.code : null;
      if (response.status === 400 && code === 'csrf_failed' && !tokenRefreshed) {
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
        if (batchSize > 1) {
          batchSize = Math.max(1, Math.floor(batchSize / 2));
          continue;
        }
        await queue.apply(items, [{
          id: items[0].id, status: 'rejected',
          errors: { note: ['Dit record is te groot om te versturen. Maak de notitie korter.'] },
        }]);
        continue;
      }
      if (RETRY_STATUSES.has(response.status) || response.status >= 500) return 'retry';
      return 'retry'; // unexpected: never drop records on a surprise
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
    do {
      again = false;
      for (const queue of QUEUES) {
        state = await drainOnce(queue);
        if (state !== 'idle') break;
      }
    } while (again && state === 'idle');
    return state;
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
    try {
      if (global.navigator && global.navigator.locks) {
        // Wait our turn instead of giving up: the holder may be the service worker's
        // Background Sync or another tab, and it may stop before the outbox is empty
        // (offline again, a refused token). Its requests time out, so the wait is bounded.
        queued = true;
        try {
          state = await global.navigator.locks.request(LOCK, () => runExclusive());
        } finally {
          queued = false;
        }
      } else {
        state = await runExclusive();
      }
    } catch (error) {
      state = 'retry';
    }
    if (state === 'offline' || state === 'retry') scheduleRetry();
    if (state === 'idle' || state === 'login') {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
    await store.setMeta('sync_state', state);
    emit({ type: 'state', state, reason });
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
