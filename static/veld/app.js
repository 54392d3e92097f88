/* The field app's screens: Vandaag, Ronde, Straat, Gesprek, Koffieplek, Opvolging, Outbox.
 * Everything a worker logs goes into the IndexedDB outbox first (store.js); sync.js sends it.
 * Screens are plain functions from state to HTML; every value from data passes esc(). */
(function (global) {
  'use strict';

  const { store, sync, vocabulary: words, doors: doorRules } = global.Buurtronde;
  const script = document.currentScript;
  const config = {
    sw: script.dataset.sw, scope: script.dataset.scope,
    bundleUrl: script.dataset.bundle, loginUrl: script.dataset.login,
  };
  const TIMER_MS = 30 * 1000;
  const GPS_FRESH_MS = 5 * 60 * 1000;

  const state = {
    bundle: null, counts: { waiting: 0, refused: 0 }, lastSync: null, loginNeeded: false,
    syncState: 'idle', gps: null, step: 2, map: null, draft: null,
    noteDrafts: {}, followUpOpen: null, ownDoors: {}, bundleCheckedAt: 0,
  };

  // ---------------------------------------------------------------- helpers

  const view = document.getElementById('view');

  function esc(value) {
    return String(value == null ? '' : value).replace(/[&<>"']/g, (c) => ({
      '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
    }[c]));
  }

  function formatDate(iso, withDay) {
    if (!iso) return '';
    const date = new Date(iso.length === 10 ? iso + 'T12:00:00' : iso);
    return date.toLocaleDateString('nl-NL', withDay
      ? { weekday: 'long', day: 'numeric', month: 'long' } : { day: 'numeric', month: 'short' });
  }

  function formatTime(iso) {
    if (!iso) return 'nog nooit';
    const date = new Date(iso);
    const today = new Date().toDateString() === date.toDateString();
    return (today ? 'vandaag ' : formatDate(iso) + ' ')
      + date.toLocaleTimeString('nl-NL', { hour: '2-digit', minute: '2-digit' });
  }

  function localToday() {
    const now = new Date();
    return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }

  function toast(message) {
    const element = document.getElementById('toast');
    element.textContent = message;
    element.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { element.hidden = true; }, 2500);
  }

  function findRound(id) {
    return (state.bundle && state.bundle.rounds || []).find((r) => String(r.id) === String(id));
  }

  function findStreet(round, id) {
    return round && round.streets.find((s) => String(s.id) === String(id));
  }

  function recentGps() {
    return state.gps && Date.now() - state.gps.at < GPS_FRESH_MS ? state.gps : null;
  }

  function newContact(fields) {
    const gps = recentGps();
    return Object.assign({
      id: global.crypto.randomUUID(),
      round_id: null, street_id: null, house_number: null, house_suffix: null,
      location: gps ? { lon: gps.lon, lat: gps.lat, accuracy_m: gps.accuracy } : null,
      outcome: 'niet_thuis', setting: 'deur', flower_given: false, mug_given: false,
      consent: 'geen', note: null, recorded_at: new Date().toISOString(),
      help_questions: [], talents: [], follow_up: null,
    }, fields);
  }

  /** Save to the outbox first, then try to send: the worker never waits for the network. */
  async function save(payloads) {
    await store.addContacts(payloads);
    await refreshCounts();
    requestBackgroundSync();
    sync.drain('save');
  }

  function requestBackgroundSync() {
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.ready.then((registration) => {
      if (registration.sync) return registration.sync.register('buurtronde-outbox');
      return null;
    }).catch(() => {});
  }

  // ---------------------------------------------------------------- status bar

  async function refreshCounts() {
    state.counts = await store.counts();
    state.lastSync = await store.getMeta('last_sync_at');
    state.loginNeeded = Boolean(await store.getMeta('login_needed'));
    renderStatus();
  }

  function renderStatus() {
    const badge = document.getElementById('outbox-badge');
    const text = document.getElementById('outbox-text');
    const { waiting, refused } = state.counts;
    badge.dataset.waiting = String(waiting);
    badge.classList.toggle('has-waiting', waiting > 0);
    badge.classList.toggle('has-refused', refused > 0);
    text.textContent = waiting ? `${waiting} wacht${waiting === 1 ? '' : 'en'}`
      : (refused ? `${refused} geweigerd` : 'Alles verstuurd');
    // Follow-up changes the server did not take need the worker: count them on the tab.
    const tab = document.querySelector('.tabs a[data-tab=opvolging]');
    const attention = state.counts.followUpRefused || 0;
    let tabBadge = tab && tab.querySelector('.tab-badge');
    if (tab && attention && !tabBadge) {
      tabBadge = document.createElement('span');
      tabBadge.className = 'tab-badge';
      tab.appendChild(tabBadge);
    }
    if (tabBadge) {
      tabBadge.hidden = !attention;
      tabBadge.textContent = String(attention);
      tabBadge.title = `${attention} wijziging${attention === 1 ? '' : 'en'} niet opgeslagen`;
    }
    const banner = document.getElementById('banner');
    if (state.loginNeeded) {
      banner.innerHTML = 'Je bent uitgelogd. Je gegevens blijven op deze telefoon bewaard. '
        + `<a href="${esc(config.loginUrl)}">Opnieuw inloggen</a>`;
      banner.className = 'banner banner-login';
      banner.hidden = false;
    } else if (!navigator.onLine) {
      banner.textContent = 'Geen netwerk. Alles wordt bewaard en later verstuurd.';
      banner.className = 'banner banner-offline';
      banner.hidden = false;
    } else {
      banner.hidden = true;
    }
    const outboxState = document.getElementById('outbox-state');
    if (outboxState) renderOutboxState(outboxState);
  }

  // ---------------------------------------------------------------- bundle

  function useBundle(bundle) {
    state.bundle = bundle || null;
    words.use(state.bundle);
  }

  let bundleLoading = null;

  /**
   * Ask the server for the bundle if it changed (If-None-Match); resolves true when a new
   * one arrived. Calls made while one is on its way share it.
   */
  function loadBundle() {
    if (!bundleLoading) {
      bundleLoading = fetchBundle().finally(() => { bundleLoading = null; });
    }
    return bundleLoading;
  }

  async function fetchBundle() {
    if (!state.bundle) {
      useBundle(await store.getBundle());
      state.bundleCheckedAt = (await store.getMeta('bundle_checked_at')) || 0;
    }
    if (!navigator.onLine) return false;
    let changed = false;
    const askedAt = Date.now();
    try {
      const headers = state.bundle ? { 'If-None-Match': `"${state.bundle.version}"` } : {};
      // A bundle request that never answers must not keep the app from draining.
      const response = await fetch(config.bundleUrl, { credentials: 'same-origin', headers,
        cache: 'no-store', signal: AbortSignal.timeout(20000) });
      if (response.status === 401 || response.status === 403) {
        await store.setMeta('login_needed', true);
      } else if (response.status === 200) {
        const bundle = await response.json();
        useBundle(bundle);
        await store.putBundle(bundle);
        await store.setMeta('csrf_token', bundle.csrf_token);
        await store.setMeta('login_needed', false);
        await bundleChecked(askedAt);
        changed = true;
      } else if (response.status === 304) {
        await bundleChecked(askedAt);
      }
    } catch (networkError) {
      // Offline or server away: the cached bundle serves.
    }
    await refreshCounts();
    return changed;
  }

  /**
   * The server answered a bundle request made at ASKED_AT (phone clock): the bundle
   * speaks for every record the server had acknowledged by then.
   */
  async function bundleChecked(askedAt) {
    state.bundleCheckedAt = askedAt;
    await store.setMeta('bundle_checked_at', askedAt);
    await store.settleDoorFollowUps(askedAt);
  }

  /**
   * A fresh bundle arrived: redraw what shows its facts, never a form the worker fills
   * (the door form keeps its number; the conversation form is left alone).
   */
  async function showFreshBundle() {
    const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
    if (parts[0] === 'ronde' && parts[2] === 'straat') {
      await refreshStreet(parts[1], parts[3]);
    } else if (parts[0] === 'ronde' && (parts[2] === 'gesprek' || parts[2] === 'koffie')) {
      // A form or the tally: nothing of the bundle to redraw.
    } else if (parts[0] === 'opvolging') {
      const typing = document.activeElement && document.activeElement.matches('textarea[data-note]');
      if (!typing) await mountOpvolging();
    } else if (parts[0] !== 'outbox') {
      await route();
    }
  }

  async function refreshBundle() {
    if (await loadBundle()) await showFreshBundle();
  }

  // ---------------------------------------------------------------- screens

  function renderVandaag() {
    const bundle = state.bundle;
    if (!bundle) {
      return `<section class="pad"><h1>Vandaag</h1><p class="muted">Nog geen gegevens op deze
        telefoon. Open de app één keer met netwerk.</p></section>`;
    }
    const today = localToday();
    const rounds = bundle.rounds;
    const items = rounds.map((round) => {
      const isToday = round.date === today;
      return `<li><a class="round-card${isToday ? ' is-today' : ''}" href="#/ronde/${esc(round.id)}">
        <span class="badge badge-${esc(round.kind)}">${esc(words.label('round_kind', round.kind))}</span>
        <strong>${isToday ? 'Vandaag' : esc(formatDate(round.date, true))}${round.title ? ' · ' + esc(round.title) : ''}</strong>
        <span>${esc(round.buurten.map((b) => b.name).join(', '))}</span>
        ${round.coffee_spot_name ? `<span class="muted">☕ ${esc(round.coffee_spot_name)}</span>` : ''}
        ${round.key_contact ? `<span class="muted">Sleutelfiguur: ${esc(round.key_contact)}</span>` : ''}
        ${round.announcement_text ? `<span class="announcement">${esc(round.announcement_text)}</span>` : ''}
        <span class="muted">${round.streets.length} straten</span>
      </a></li>`;
    }).join('');
    return `<section class="pad">
      <h1>Hallo ${esc(bundle.worker.name.split(' ')[0])}</h1>
      <h2>Mijn rondes</h2>
      ${rounds.length ? `<ul class="cards">${items}</ul>`
        : '<p class="muted">Geen rondes gepland. De coördinator wijst ze toe.</p>'}
    </section>`;
  }

  /**
   * The doors of STREET as this phone knows them: the team's from the bundle, then this
   * phone's records the bundle cannot know yet (waiting, refused, or acknowledged after it
   * was asked for; the server's order of visits wins for the rest).
   */
  function doorsOf(street) {
    const checked = state.bundleCheckedAt || 0;
    const own = (state.ownDoors[street.id] || []).filter((record) => record.state !== 'sent'
      || !record.acked_at || record.acked_at > checked);
    return doorRules.streetDoors(street, own);
  }

  function plural(n, one, more) {
    return `${n} ${n === 1 ? one : more}`;
  }

  /**
   * The street's figure for ROUND: distinct doors of the address list reached since the
   * round's day (never more than the list has), numbers outside the list apart.
   */
  function streetProgress(round, street) {
    const figures = doorRules.progress(doorsOf(street), round.date);
    const when = round.date === localToday() ? 'vandaag' : `sinds ${formatDate(round.date)}`;
    const parts = [];
    if (figures.known) {
      parts.push(`<span class="doors-reached">${figures.reached} van ${plural(figures.known, 'deur', 'deuren')} ${esc(when)}</span>`);
      if (figures.outside) {
        parts.push(`<span class="doors-outside">${plural(figures.outside, 'nummer', 'nummers')} niet in de adressenlijst</span>`);
      }
    } else {
      parts.push(`<span class="doors-reached">${plural(figures.outside, 'deur', 'deuren')} ${esc(when)}</span>`);
    }
    const last = newestVisit(street);
    if (last) parts.push(`laatst ${esc(formatDate(last))}`);
    return parts.join(' · ');
  }

  /** The street's last visit: the bundle's, or a newer record of this phone. */
  function newestVisit(street) {
    return (state.ownDoors[street.id] || []).map((r) => r.recorded_at)
      .concat(street.last_visit ? [street.last_visit] : [])
      .reduce((a, b) => (!a || Date.parse(b) > Date.parse(a) ? b : a), null);
  }

  function renderRonde(roundId) {
    const round = findRound(roundId);
    if (!round) return notFound();
    const streets = round.streets.map((street) => `<li>
      <a class="street-row" href="#/ronde/${esc(round.id)}/straat/${esc(street.id)}" data-street="${esc(street.id)}">
        <span class="pos">${esc(street.position + 1)}</span>
        <span class="street-name">${esc(street.name)}<small>${esc(street.buurt_name)}</small></span>
        <span class="progress">${streetProgress(round, street)}</span>
      </a></li>`).join('');
    return `<section class="pad">
      <a class="back" href="#/">‹ Vandaag</a>
      <h1>${esc(words.label('round_kind', round.kind))} · ${esc(formatDate(round.date))}</h1>
      <p class="muted">${esc(round.buurten.map((b) => b.name).join(', '))}</p>
      ${round.kind === 'koffie' ? `<a class="button primary wide" href="#/ronde/${esc(round.id)}/koffie">☕ Koffieplek${round.coffee_spot_name ? ': ' + esc(round.coffee_spot_name) : ''}</a>` : ''}
      <div id="round-map" class="round-map" aria-label="Kaart van de straten"></div>
      <div class="row">
        <button type="button" class="button" id="where-am-i">Waar ben ik?</button>
        <span id="gps-result" class="muted" aria-live="polite"></span>
      </div>
      <h2>Straten</h2>
      <ol class="streets">${streets}</ol>
    </section>`;
  }

  function mountRondeMap(roundId) {
    const round = findRound(roundId);
    const element = document.getElementById('round-map');
    if (!round || !element || !state.bundle) return;
    const ids = new Set(round.streets.map((s) => s.id));
    const collection = { type: 'FeatureCollection',
      features: state.bundle.streets.features.filter((f) => ids.has(f.properties.id)) };
    const maps = global.Buurtronde.map;
    maps.loadLeaflet().then(() => {
      // The worker may have moved on while Leaflet loaded.
      if (!element.isConnected) return;
      state.map = maps.roundMap(element, collection, (streetId) => {
        location.hash = `#/ronde/${round.id}/straat/${streetId}`;
      });
    }).catch(() => {
      element.textContent = 'De kaart kon niet laden; de straten staan hieronder.';
    });
    document.getElementById('where-am-i').addEventListener('click', () => {
      const result = document.getElementById('gps-result');
      if (!navigator.geolocation) {
        result.textContent = 'Deze telefoon geeft geen locatie.';
        return;
      }
      result.textContent = 'Locatie zoeken…';
      navigator.geolocation.getCurrentPosition((position) => {
        const { longitude, latitude, accuracy } = position.coords;
        state.gps = { lon: longitude, lat: latitude, accuracy, at: Date.now() };
        if (state.map) state.map.showPosition([longitude, latitude]);
        const nearest = maps.nearestStreet(collection, [longitude, latitude]);
        if (nearest) {
          const id = nearest.feature.properties.id;
          if (state.map) state.map.highlight(id);
          result.innerHTML = `Dichtstbij: <a href="#/ronde/${esc(round.id)}/straat/${esc(id)}">${esc(nearest.feature.properties.name)}</a> (${Math.round(nearest.distance)} m)`;
        } else {
          result.textContent = 'Geen straat van deze ronde in de buurt.';
        }
      }, () => {
        result.textContent = 'Geen toestemming voor locatie, of geen signaal.';
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  /** The next house number on ROUND's STREET after CURRENT (doors.js: suggestNext). */
  function suggestNext(round, street, current) {
    return doorRules.suggestNext(current, state.step, doorsOf(street), round.date);
  }

  /**
   * The number to show in the door form: the worker's own, or the suggestion; a suggested
   * door someone rang meanwhile (a colleague's doors arrived) moves on to the next one.
   */
  function draftNumber(round, street) {
    const draft = state.draft;
    if (!draft.touched && draft.number
        && doorRules.numberDone(draft.number, doorsOf(street), round.date)) {
      draft.number = suggestNext(round, street, draft.number - state.step);
    }
    return draft.number;
  }

  // The outcomes a door can have, in the order the buttons show them. The codes are the
  // API's; their words come from the bundle.
  const DOOR_OUTCOMES = [
    { code: 'niet_thuis', css: 'outcome-niet_thuis' },
    { code: 'open_geen_gesprek', css: 'outcome-open' },
    { code: 'gesprek', css: 'outcome-gesprek', more: '…' },
    { code: 'geweigerd', css: 'outcome-geweigerd' },
  ];

  function outcomeButton(outcome) {
    return capital(words.label('outcome', outcome.code)) + (outcome.more || '');
  }

  function renderStraat(roundId, streetId) {
    const round = findRound(roundId);
    const street = findStreet(round, streetId);
    if (!street) return notFound();
    if (!state.draft || state.draft.street_id !== street.id) {
      state.draft = { street_id: street.id, number: suggestNext(round, street, null) };
    }
    const draft = { number: draftNumber(round, street) };
    const gift = round.kind === 'koffie' ? 'mug_given' : 'flower_given';
    return `<section class="pad straat">
      <a class="back" href="#/ronde/${esc(round.id)}">‹ ${esc(words.label('round_kind', round.kind))}</a>
      <h1>${esc(street.name)}</h1>
      <p class="muted" id="street-progress">${esc(street.buurt_name)} · ${streetProgress(round, street)}</p>
      <form id="door-form" class="door-form" autocomplete="off" novalidate>
        <label for="house-number">Huisnummer</label>
        <div class="number-row">
          <button type="button" class="button step" data-delta="-1" aria-label="Eén lager">−</button>
          <input id="house-number" name="house_number" inputmode="numeric" pattern="[0-9]*"
                 value="${esc(draft.number || '')}" required aria-describedby="house-number-error">
          <input id="house-suffix" name="house_suffix" maxlength="10" placeholder="toev." aria-label="Toevoeging (letter)">
          <button type="button" class="button step" data-delta="1" aria-label="Eén hoger">+</button>
        </div>
        <p class="field-error" id="house-number-error" hidden></p>
        <div class="row">
          <label class="toggle"><input type="checkbox" id="same-side" ${state.step === 2 ? 'checked' : ''}> Zelfde kant (+2)</label>
          <label class="toggle"><input type="checkbox" id="gift" name="${gift}"> ${gift === 'mug_given' ? 'Mok gegeven' : 'Bloem gegeven'}</label>
        </div>
        <div class="outcomes">
          ${DOOR_OUTCOMES.map((o) => `<button type="button" class="outcome ${o.css}" data-outcome="${o.code}">${esc(outcomeButton(o))}</button>`).join('')}
        </div>
      </form>
      <details class="bulk">
        <summary>Reeks niet thuis (bijv. 2 t/m 40 even)</summary>
        <form id="bulk-form" class="bulk-form" novalidate>
          <div class="row">
            <label>Van <input name="from" inputmode="numeric" pattern="[0-9]*" size="4" required></label>
            <label>t/m <input name="to" inputmode="numeric" pattern="[0-9]*" size="4" required></label>
          </div>
          <div class="row segmented" role="radiogroup" aria-label="Welke nummers">
            <label><input type="radio" name="side" value="even" checked> even</label>
            <label><input type="radio" name="side" value="oneven"> oneven</label>
            <label><input type="radio" name="side" value="alle"> alle</label>
          </div>
          <p class="field-error" id="bulk-error" hidden></p>
          <button class="button primary wide" type="submit">Reeks opslaan als niet thuis</button>
        </form>
      </details>
      <section id="retry" class="retry" hidden aria-labelledby="retry-title">
        <h2 id="retry-title">Nog eens proberen</h2>
        <p class="muted small">Niet thuis ${round.date === localToday() ? 'vandaag' : esc('sinds ' + formatDate(round.date))}; tik om het nummer te kiezen.</p>
        <div class="retry-doors" id="retry-doors"></div>
      </section>
      <h2>Deuren in deze straat</h2>
      <p class="muted small">Wat het team als laatste bij elke deur noteerde${navigator.onLine ? '' : ' (zoals de telefoon het laatst wist, met je eigen deuren)'}.</p>
      <ul class="doors" id="doors"><li class="muted">…</li></ul>
    </section>`;
  }

  function parseNumber(value) {
    const trimmed = String(value || '').trim();
    if (!/^\d{1,5}$/.test(trimmed)) return null;
    const number = parseInt(trimmed, 10);
    return number > 0 ? number : null;
  }

  function doorState(door) {
    if (door.own === 'waiting') return ' · wacht op verzending';
    if (door.own === 'refused') return ' · geweigerd, zie Outbox';
    return '';
  }

  /** The street's doors, niet thuis ones first to try again; tapping one picks its number. */
  function renderDoors(round, street) {
    const list = document.getElementById('doors');
    if (!list) return;
    const doors = doorsOf(street);
    list.innerHTML = doors.length ? doors.map((door) => `<li class="door ${door.outcome ? 'door-' + esc(door.outcome) : 'door-none'}${door.known ? '' : ' door-outside'}" data-door="${esc(door.door)}">
      <button type="button" class="door-pick door-tile" data-label="${esc(door.label)}">
        <span class="door-label">${esc(door.label)}</span>
        <span class="door-outcome">${door.outcome ? esc(capital(words.label('outcome', door.outcome))) : 'nog niet'}</span>
        ${door.at ? `<span class="door-when">${esc(formatTime(door.at))}${esc(doorState(door))}</span>` : ''}
        ${door.known ? '' : '<span class="door-when">niet in de adressenlijst</span>'}
      </button></li>`).join('')
      : '<li class="muted">Geen adressen bekend en nog niets gelogd.</li>';
    const retry = doorRules.retryDoors(doors, round.date);
    const box = document.getElementById('retry');
    box.hidden = !retry.length;
    document.getElementById('retry-doors').innerHTML = retry.map((door) => `<button type="button"
      class="button retry-door door-pick" data-label="${esc(door.label)}">${esc(door.label)}</button>`).join('');
    document.querySelectorAll('.door-pick').forEach((button) => button.addEventListener('click', () => {
      pickDoor(button.dataset.label);
    }));
  }

  function pickDoor(label) {
    const parts = doorRules.splitLabel(label);
    if (!parts) return;
    if (state.draft) Object.assign(state.draft, { number: parts.number, touched: true });
    const number = document.getElementById('house-number');
    number.value = parts.number;
    document.getElementById('house-suffix').value = parts.suffix;
    number.scrollIntoView({ block: 'center' });
    number.focus();
  }

  /** Redraw the street's figure and doors (after a fresh bundle or a save). */
  async function refreshStreet(roundId, streetId) {
    const round = findRound(roundId);
    const street = findStreet(round, streetId);
    if (!street) return;
    await loadOwnDoors();
    const progress = document.getElementById('street-progress');
    if (progress) progress.innerHTML = `${esc(street.buurt_name)} · ${streetProgress(round, street)}`;
    const number = document.getElementById('house-number');
    if (number && state.draft && state.draft.street_id === street.id) {
      number.value = draftNumber(round, street);
    }
    // The words may be new too (the first bundle with them, or another language).
    DOOR_OUTCOMES.forEach((outcome) => {
      const button = document.querySelector(`[data-outcome="${outcome.code}"]`);
      if (button) button.textContent = outcomeButton(outcome);
    });
    renderDoors(round, street);
  }

  function mountStraat(roundId, streetId) {
    const round = findRound(roundId);
    const street = findStreet(round, streetId);
    if (!street) return;
    const number = document.getElementById('house-number');
    const suffix = document.getElementById('house-suffix');
    const error = document.getElementById('house-number-error');
    const gift = document.getElementById('gift');
    // The worker's own number is theirs: a fresh bundle no longer moves it.
    const keep = () => {
      state.draft = { street_id: street.id, number: parseNumber(number.value), touched: true };
    };
    number.addEventListener('input', keep);
    renderDoors(round, street);
    document.getElementById('same-side').addEventListener('change', (event) => {
      state.step = event.target.checked ? 2 : 1;
    });
    document.querySelectorAll('.step').forEach((button) => button.addEventListener('click', () => {
      const current = parseNumber(number.value) || 0;
      number.value = Math.max(1, current + Number(button.dataset.delta));
      keep();
    }));
    document.querySelectorAll('[data-outcome]').forEach((button) => {
      button.addEventListener('click', async () => {
        const houseNumber = parseNumber(number.value);
        if (!houseNumber) {
          error.textContent = 'Vul een huisnummer in (alleen cijfers; een letter bij toev.).';
          error.hidden = false;
          number.focus();
          return;
        }
        error.hidden = true;
        const fields = {
          round_id: round.id, street_id: street.id, house_number: houseNumber,
          house_suffix: suffix.value.trim() || null, outcome: button.dataset.outcome,
          setting: 'deur',
        };
        fields[gift.name] = gift.checked;
        if (fields.outcome === 'gesprek') {
          state.pendingConversation = fields;
          location.hash = `#/ronde/${round.id}/gesprek`;
          return;
        }
        await save([newContact(fields)]);
        toast(`Nr ${houseNumber}${fields.house_suffix || ''}: ${words.label('outcome', fields.outcome)}`);
        advance(round, street, houseNumber);
      });
    });
    document.getElementById('bulk-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const form = event.target;
      const bulkError = document.getElementById('bulk-error');
      const from = parseNumber(form.from.value);
      const to = parseNumber(form.to.value);
      const side = form.side.value;
      if (!from || !to || to < from || to - from > 400) {
        bulkError.textContent = 'Vul een reeks in, bijvoorbeeld van 2 t/m 40 (hoogstens 400 nummers).';
        bulkError.hidden = false;
        return;
      }
      const numbers = [];
      for (let n = from; n <= to; n += 1) {
        if (side === 'alle' || (side === 'even') === (n % 2 === 0)) numbers.push(n);
      }
      if (!numbers.length) {
        bulkError.textContent = 'In deze reeks zitten geen nummers van die kant.';
        bulkError.hidden = false;
        return;
      }
      bulkError.hidden = true;
      await save(numbers.map((n) => newContact({
        round_id: round.id, street_id: street.id, house_number: n, outcome: 'niet_thuis',
        setting: 'deur',
      })));
      toast(`${numbers.length} deuren niet thuis opgeslagen`);
      form.reset();
      advance(round, street, numbers[numbers.length - 1]);
    });
    number.addEventListener('focus', () => number.select());
  }

  /** This phone's own door records, per street (the team's come with the bundle). */
  async function loadOwnDoors() {
    state.ownDoors = await store.ownDoors();
  }

  async function advance(round, street, lastNumber) {
    await loadOwnDoors();
    state.draft = { street_id: street.id, number: suggestNext(round, street, lastNumber) };
    const number = document.getElementById('house-number');
    if (number) {
      number.value = state.draft.number;
      document.getElementById('house-suffix').value = '';
      document.getElementById('gift').checked = false;
    }
    await refreshStreet(round.id, street.id);
  }

  function chips(name, options, selected) {
    return options.map(({ value, label }) => `<label class="chip">
      <input type="checkbox" name="${esc(name)}" value="${esc(value)}" ${selected.includes(value) ? 'checked' : ''}>
      <span>${esc(label)}</span></label>`).join('');
  }

  function radios(name, options, current) {
    return options.map(({ value, label }) => `<label class="choice">
      <input type="radio" name="${esc(name)}" value="${esc(value)}" ${value === current ? 'checked' : ''}>
      <span>${esc(capital(label))}</span></label>`).join('');
  }

  /** Lists to choose from come with the bundle; say so when this phone has none yet. */
  function missingWords(kind) {
    return words.has(kind) ? '' : '<p class="muted small">Deze keuzelijst komt met de volgende synchronisatie; schrijf het zo lang in de notitie.</p>';
  }

  /** The conversation form; CONTACT prefills it (a new one, or a refused record to correct). */
  function renderGesprek(round, contact, { editing, koffieplek } = {}) {
    const street = findStreet(round, contact.street_id);
    const where = koffieplek ? `Koffieplek${round && round.coffee_spot_name ? ' · ' + esc(round.coffee_spot_name) : ''}`
      : `${esc(street ? street.name : 'Straat')} ${esc(contact.house_number || '')}${esc(contact.house_suffix || '')}`;
    const categories = contact.help_questions.map((h) => h.category);
    const urgencies = Object.fromEntries(contact.help_questions.map((h) => [h.category, h.urgency]));
    const talents = contact.talents.map((t) => t.kind);
    const wantsToJoin = contact.talents.some((t) => t.wants_to_participate);
    const followUp = contact.follow_up || {};
    const partners = (state.bundle && state.bundle.partners) || [];
    const streets = round ? round.streets : [];
    return `<section class="pad gesprek">
      <a class="back" href="${editing ? '#/outbox' : (koffieplek ? `#/ronde/${esc(round.id)}/koffie` : `#/ronde/${esc(round.id)}/straat/${esc(contact.street_id)}`)}">‹ Terug</a>
      <h1>Gesprek</h1>
      <p class="muted">${where}</p>
      <form id="gesprek-form" novalidate>
        ${koffieplek ? `<label class="field">Woont in straat (als die het zegt)
          <select name="street_id"><option value="">Onbekend</option>
          ${streets.map((s) => `<option value="${esc(s.id)}" ${s.id === contact.street_id ? 'selected' : ''}>${esc(s.name)}</option>`).join('')}
          </select></label>` : ''}
        <fieldset><legend>Hulpvragen</legend>
          <div class="chips" id="help-chips">${chips('category', words.options('help_category'), categories)}</div>${missingWords('help_category')}
          <div id="urgencies"></div>
        </fieldset>
        <fieldset><legend>Talenten</legend>
          <div class="chips">${chips('talent', words.options('talent_kind'), talents)}</div>
          <label class="toggle"><input type="checkbox" name="wants_to_participate" ${wantsToJoin ? 'checked' : ''}> Wil meedoen aan activiteiten</label>
        </fieldset>
        <fieldset><legend>Toestemming</legend>
          <div class="choices">${radios('consent', words.options('consent'), contact.consent)}</div>${missingWords('consent')}
          <p class="field-error" data-error="consent" hidden></p>
        </fieldset>
        <label class="field">Notitie <small>(geen namen of adressen)</small>
          <textarea name="note" maxlength="500" rows="3">${esc(contact.note || '')}</textarea>
        </label>
        <p class="field-error" data-error="note" hidden></p>
        <fieldset><legend>Opvolging</legend>
          <label class="toggle"><input type="checkbox" name="has_follow_up" ${contact.follow_up ? 'checked' : ''}> Opvolging afspreken</label>
          <div id="follow-up" ${contact.follow_up ? '' : 'hidden'}>
            <div class="choices">${radios('follow_up_kind', words.options('follow_up_kind'), followUp.kind || (words.options('follow_up_kind')[0] || {}).value)}</div>
            <label class="field">Partner
              <select name="partner_id"><option value="">Geen (zelf)</option>
              ${partners.map((p) => `<option value="${esc(p.id)}" ${p.id === followUp.partner_id ? 'selected' : ''}>${esc(p.name)} (${esc(words.label('partner_kind', p.kind))})</option>`).join('')}
              </select></label>
            <label class="field">Uiterlijk op <input type="date" name="due_date" value="${esc(followUp.due_date || '')}" aria-describedby="due-date-hint"></label>
            <p class="muted small" id="due-date-hint"></p>
            <div id="resident" class="resident">
              <p class="hint">Naam en telefoon alleen met toestemming “${esc(words.label('consent', 'opvolging'))}”.</p>
              <label class="field">Naam bewoner <input name="resident_name" maxlength="200" autocomplete="off" value="${esc(followUp.resident_name || '')}"></label>
              <label class="field">Telefoon bewoner <input name="resident_phone" type="tel" maxlength="40" autocomplete="off" value="${esc(followUp.resident_phone || '')}"></label>
            </div>
            <label class="field">Afspraak <textarea name="follow_up_note" maxlength="500" rows="2">${esc(followUp.note || '')}</textarea></label>
            <p class="field-error" data-error="follow_up" hidden></p>
          </div>
        </fieldset>
        <button class="button primary wide big" type="submit">${editing ? 'Opnieuw versturen' : 'Opslaan'}</button>
      </form>
    </section>`;
  }

  function mountGesprek(round, contact, { editing, koffieplek, done }) {
    const form = document.getElementById('gesprek-form');
    const urgencyBox = document.getElementById('urgencies');
    const urgencies = Object.fromEntries(contact.help_questions.map((h) => [h.category, h.urgency]));
    const drawUrgencies = () => {
      const selected = [...form.querySelectorAll('input[name=category]:checked')].map((i) => i.value);
      urgencyBox.innerHTML = selected.map((category) => `<div class="urgency-row">
        <span>${esc(words.label('help_category', category))}</span>
        <span class="segmented">${words.options('urgency').map(({ value, label }) => `<label>
          <input type="radio" name="urgency-${esc(category)}" value="${esc(value)}" ${(urgencies[category] || 'normaal') === value ? 'checked' : ''}> ${esc(label)}</label>`).join('')}</span></div>`).join('');
    };
    const checked = (name, fallback) => {
      const input = form.querySelector(`input[name="${name}"]:checked`);
      return input ? input.value : fallback;
    };
    // The due date: the team's default for the kind (from the bundle's service levels),
    // unless the worker picks another. Left untouched, the phone sends none and the
    // server fills in its own default, which then wins.
    const due = form.due_date;
    const madeAt = contact.recorded_at;
    let dueDefault = null;
    const drawDueDate = () => {
      const kind = checked('follow_up_kind', null);
      const next = kind ? words.defaultDueDate(kind, madeAt) : null;
      if (!due.value || due.value === dueDefault) due.value = next || '';
      dueDefault = next;
      const days = state.bundle && state.bundle.service_levels
        && state.bundle.service_levels.working_days[kind];
      document.getElementById('due-date-hint').textContent = next
        ? `Termijn van het team: ${plural(days, 'werkdag', 'werkdagen')} (weekend en feestdagen tellen niet mee).`
        : 'De server vult de termijn van het team in.';
    };
    const drawFollowUp = () => {
      const consent = checked('consent', contact.consent);
      document.getElementById('follow-up').hidden = !form.has_follow_up.checked;
      const resident = document.getElementById('resident');
      const allowed = consent === 'opvolging';
      resident.classList.toggle('is-disabled', !allowed);
      resident.querySelectorAll('input').forEach((input) => { input.disabled = !allowed; });
    };
    form.addEventListener('change', (event) => {
      if (event.target.name === 'category') drawUrgencies();
      if (event.target.name.startsWith('urgency-')) {
        urgencies[event.target.name.slice(8)] = event.target.value;
      }
      if (event.target.name === 'follow_up_kind') drawDueDate();
      drawFollowUp();
    });
    drawUrgencies();
    drawDueDate();
    drawFollowUp();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      form.querySelectorAll('[data-error]').forEach((p) => { p.hidden = true; });
      const consent = checked('consent', contact.consent);
      const showError = (field, message) => {
        const element = form.querySelector(`[data-error="${field}"]`);
        element.textContent = message;
        element.hidden = false;
        element.scrollIntoView({ block: 'center' });
      };
      const categories = [...form.querySelectorAll('input[name=category]:checked')].map((i) => i.value);
      const wants = form.wants_to_participate.checked;
      const payload = Object.assign({}, contact, {
        outcome: 'gesprek',
        consent,
        note: form.note.value.trim() || null,
        help_questions: categories.map((category) => ({
          category, urgency: urgencies[category] || 'normaal', note: null })),
        talents: [...form.querySelectorAll('input[name=talent]:checked')].map((i) => ({
          kind: i.value, wants_to_participate: wants, note: null })),
        follow_up: null,
      });
      if (koffieplek && form.street_id) {
        payload.street_id = form.street_id.value ? Number(form.street_id.value) : null;
      }
      if (form.has_follow_up.checked) {
        if (consent === 'geen') {
          showError('consent', `Voor opvolging is toestemming nodig (${words.label('consent', 'anoniem')} of ${words.label('consent', 'opvolging')}).`);
          return;
        }
        const kind = checked('follow_up_kind', null);
        if (!kind) {
          showError('follow_up', 'De soorten opvolging komen met de volgende synchronisatie; spreek het zo lang in de notitie af.');
          return;
        }
        const name = consent === 'opvolging' ? form.resident_name.value.trim() : '';
        const phone = consent === 'opvolging' ? form.resident_phone.value.trim() : '';
        payload.follow_up = {
          id: (contact.follow_up && contact.follow_up.id) || global.crypto.randomUUID(),
          kind,
          partner_id: form.partner_id.value ? Number(form.partner_id.value) : null,
          due_date: form.due_date.value && form.due_date.value !== dueDefault
            ? form.due_date.value : null,
          resident_name: name || null, resident_phone: phone || null,
          note: form.follow_up_note.value.trim() || null,
        };
      }
      await done(payload);
    });
  }

  function renderKoffie(roundId) {
    const round = findRound(roundId);
    if (!round) return notFound();
    return `<section class="pad koffie">
      <a class="back" href="#/ronde/${esc(round.id)}">‹ Ronde</a>
      <h1>☕ Koffieplek</h1>
      <p class="muted">${esc(round.coffee_spot_name || 'Koffieplek')} · ${esc(formatDate(round.date, true))}</p>
      <div class="tally"><span class="number" id="tally">0</span><span>bezoekers vandaag gelogd</span></div>
      <button type="button" class="button primary wide big" id="add-visitor">+1 bezoeker (kop koffie)</button>
      <a class="button wide big" href="#/ronde/${esc(round.id)}/koffie/gesprek">Gesprek vastleggen</a>
    </section>`;
  }

  async function koffieTally(round) {
    const db = await store.open();
    // One transaction: a record moving from outbox to sent mid-sync is counted once, not
    // lost between two separate reads.
    const tx = db.transaction(['sent', 'outbox']);
    const [sent, waiting] = await Promise.all([tx.objectStore('sent').getAll(),
      tx.objectStore('outbox').getAll()]);
    const all = sent.concat(waiting);
    const today = localToday();
    return all.filter((r) => r.round_id === round.id && r.setting === 'koffieplek'
      && String(r.recorded_at).slice(0, 10) <= today).length;
  }

  function mountKoffie(roundId) {
    const round = findRound(roundId);
    if (!round) return;
    const show = async () => {
      const element = document.getElementById('tally');
      if (element) element.textContent = String(await koffieTally(round));
    };
    show();
    document.getElementById('add-visitor').addEventListener('click', async () => {
      await save([newContact({ round_id: round.id, setting: 'koffieplek',
        outcome: 'open_geen_gesprek', mug_given: true })]);
      toast('Bezoeker geteld');
      show();
    });
  }

  function streetAnywhere(id) {
    const rounds = (state.bundle && state.bundle.rounds) || [];
    for (const round of rounds) {
      const street = findStreet(round, id);
      if (street) return street;
    }
    return null;
  }

  /**
   * A follow-up made at the door on this phone, as Mijn opvolging shows it until a bundle
   * brings the server's: open, with the due date the worker chose or the team's default
   * (the server, when it stores it, gives the same from the same service levels, and its
   * date wins once the bundle has it). MADE_HERE: waiting, refused or sent.
   */
  function doorFollowUp({ payload, state: madeHere }) {
    const f = payload.follow_up;
    const street = streetAnywhere(payload.street_id);
    const partners = (state.bundle && state.bundle.partners) || [];
    const partner = partners.find((p) => p.id === f.partner_id);
    const categories = [...new Set((payload.help_questions || []).map((h) => h.category))].sort();
    return {
      id: f.id, kind: f.kind, status: 'open',
      due_date: f.due_date || words.defaultDueDate(f.kind, payload.recorded_at),
      partner_id: f.partner_id, partner_name: partner ? partner.name : null,
      street_name: street ? street.name : null, buurt_name: street ? street.buurt_name : null,
      house_number: payload.house_number, house_suffix: payload.house_suffix,
      help_categories: categories, note: f.note, resident_name: f.resident_name,
      resident_phone: f.resident_phone, version: 1, made_here: madeHere,
    };
  }

  /**
   * The worker's follow-ups as this phone knows them: the bundle, the ones made at the door
   * that no bundle has shown yet, overlaid with the states the server answered since (a
   * newer version wins) and with the changes still on the phone. A bundle refresh never
   * hides a waiting change: that lives in its own store.
   */
  async function loadFollowUps() {
    const [updates, states, madeHere] = await Promise.all([store.followUpUpdates(),
      store.followUpStates(), store.doorFollowUps()]);
    const byFollowUp = new Map(updates.map((u) => [u.follow_up_id, u]));
    const list = ((state.bundle && state.bundle.follow_ups) || []).map((f) => Object.assign({}, f));
    const seen = new Set(list.map((f) => f.id));
    madeHere.forEach((entry) => {
      const id = entry.payload.follow_up.id;
      if (!seen.has(id)) {
        list.push(doorFollowUp(entry));
        seen.add(id);
      }
    });
    updates.forEach((u) => {
      // The bundle may have dropped it (closed or given to someone else meanwhile).
      if (!seen.has(u.follow_up_id) && u.follow_up) {
        list.push(Object.assign({}, u.follow_up));
        seen.add(u.follow_up_id);
      }
    });
    list.forEach((f) => {
      const known = states[f.id];
      if (known && known.version > f.version) Object.assign(f, known);
      f.update = byFollowUp.get(f.id) || null;
    });
    // By due date (none last), as the bundle sorts them; a new one lands in its place.
    return list.map((f, i) => [f, i]).sort(([a, i], [b, j]) => (
      (a.due_date || '9999') < (b.due_date || '9999') ? -1
        : (a.due_date || '9999') > (b.due_date || '9999') ? 1 : i - j)).map(([f]) => f);
  }

  function statusLabel(status) {
    return words.label('follow_up_status', status);
  }

  function followUpPlace(f) {
    return `${f.street_name || ''} ${f.house_number || ''}${f.house_suffix || ''}`.trim();
  }

  function followUpNotice(update) {
    if (!update) return '';
    if (update.status === 'pending') {
      return `<p class="fu-notice fu-pending" data-pending="${esc(update.payload.status)}">
        Wacht op verzending: <strong>${esc(statusLabel(update.payload.status))}</strong>${update.payload.note ? ' · ' + esc(update.payload.note) : ''}</p>`;
    }
    if (update.status === 'conflict') {
      return `<p class="fu-notice fu-conflict">Iemand anders heeft deze opvolging intussen gewijzigd.
        <a href="#/outbox">Vergelijk en kies in de Outbox</a></p>`;
    }
    return `<p class="fu-notice fu-rejected">Niet opgeslagen: ${esc(update.message
      || flattenErrors(update.errors).join(' '))} <a href="#/outbox">Outbox</a></p>`;
  }

  function capital(text) {
    return text ? text[0].toUpperCase() + text.slice(1) : '';
  }

  /** Where a follow-up made at the door on this phone is, if no bundle has shown it yet. */
  function madeHereNotice(f) {
    if (f.made_here === 'waiting') {
      return '<p class="fu-notice fu-made-here">Net afgesproken; wordt verstuurd. De status wijzig je zodra de server hem heeft.</p>';
    }
    if (f.made_here === 'refused') {
      return '<p class="fu-notice fu-rejected">Het gesprek met deze opvolging is geweigerd. <a href="#/outbox">Outbox</a></p>';
    }
    return '';
  }

  function followUpCard(f, today) {
    const overdue = f.due_date && f.due_date < today && !words.isFinal(f.status);
    const update = f.update;
    const targets = f.made_here && f.made_here !== 'sent' ? [] : words.workerTargets(f.status);
    const draft = state.noteDrafts[f.id] || '';
    return `<li class="followup${overdue ? ' is-overdue' : ''}${update ? ' has-' + esc(update.status) : ''}${f.made_here ? ' is-made-here' : ''}" data-follow-up="${esc(f.id)}" data-due="${esc(f.due_date || '')}">
        <strong>${esc(capital(words.label('follow_up_kind', f.kind)))}</strong>
        <span class="badge badge-status-${esc(f.status)}">${esc(statusLabel(f.status))}</span>
        ${f.due_date ? `<span class="${overdue ? 'overdue' : 'muted'} fu-due">${overdue ? 'Te laat: ' : 'Uiterlijk '}${esc(formatDate(f.due_date))}</span>` : (f.made_here ? '<span class="muted fu-due">De termijn volgt van de server</span>' : '')}
        <span>${esc(followUpPlace(f))}${f.buurt_name ? ' · ' + esc(f.buurt_name) : ''}</span>
        ${f.help_categories && f.help_categories.length ? `<span class="muted">${esc(f.help_categories.map((c) => words.label('help_category', c)).join(', '))}</span>` : ''}
        ${f.partner_name ? `<span>Partner: ${esc(f.partner_name)}</span>` : ''}
        ${f.resident_name ? `<span>${esc(f.resident_name)}${f.resident_phone ? ' · <a href="tel:' + esc(f.resident_phone) + '">' + esc(f.resident_phone) + '</a>' : ''}</span>` : ''}
        ${f.note ? `<span class="muted">${esc(f.note)}</span>` : ''}
        ${madeHereNotice(f)}
        ${followUpNotice(update)}
        ${targets.length ? `<details class="fu-change" data-id="${esc(f.id)}" ${state.followUpOpen === f.id ? 'open' : ''}>
          <summary>Status wijzigen</summary>
          <label class="field">Notitie <small>(nodig bij niet bereikbaar)</small>
            <textarea name="note" maxlength="500" rows="2" data-note="${esc(f.id)}" aria-describedby="note-error-${esc(f.id)}">${esc(draft)}</textarea></label>
          <p class="field-error" id="note-error-${esc(f.id)}" data-error="note" hidden></p>
          <div class="fu-targets">${targets.map((target) => `<button type="button" class="button fu-target" data-target="${esc(target)}">${esc(capital(statusLabel(target)))}</button>`).join('')}</div>
        </details>` : ''}
      </li>`;
  }

  function renderOpvolging(followUps) {
    const today = localToday();
    const attention = followUps.filter((f) => f.update && f.update.status !== 'pending').length;
    return `<section class="pad"><h1>Mijn opvolging</h1>
      ${attention ? `<p class="fu-attention"><a href="#/outbox">${attention} wijziging${attention === 1 ? '' : 'en'} niet opgeslagen: kijk in de Outbox</a></p>` : ''}
      ${followUps.length ? `<ul class="cards">${followUps.map((f) => followUpCard(f, today)).join('')}</ul>` : '<p class="muted">Geen open opvolging.</p>'}
      <p class="muted small">Wijzigingen worden op deze telefoon bewaard en verstuurd zodra er netwerk is.</p></section>`;
  }

  async function mountOpvolging() {
    const followUps = await loadFollowUps();
    if (!location.hash.startsWith('#/opvolging')) return; // the worker moved on meanwhile
    view.innerHTML = renderOpvolging(followUps);
    view.querySelectorAll('textarea[data-note]').forEach((area) => area.addEventListener('input',
      () => { state.noteDrafts[area.dataset.note] = area.value; }));
    view.querySelectorAll('details.fu-change').forEach((details) => details.addEventListener('toggle',
      () => {
        if (details.open) state.followUpOpen = details.dataset.id;
        else if (state.followUpOpen === details.dataset.id) state.followUpOpen = null;
      }));
    view.querySelectorAll('[data-target]').forEach((button) => button.addEventListener('click',
      async () => {
        const card = button.closest('.followup');
        const followUp = followUps.find((f) => f.id === card.dataset.followUp);
        const area = card.querySelector('textarea[data-note]');
        const error = card.querySelector('[data-error=note]');
        const note = area.value.trim();
        const target = button.dataset.target;
        if (target === 'niet_bereikbaar' && !note) {
          // The server demands it too; say so here, next to the field, before saving.
          error.textContent = 'Schrijf kort wat je geprobeerd hebt.';
          error.hidden = false;
          area.focus();
          return;
        }
        const update = followUp.update;
        // After a conflict the worker has seen the server's state: build on that.
        const base = update && update.status === 'conflict' && update.current
          ? update.current.version : followUp.version;
        const copy = Object.assign({}, followUp);
        delete copy.update;
        await store.addFollowUpUpdate({
          id: global.crypto.randomUUID(), follow_up_id: followUp.id, base_version: base,
          status: target, note: note || null, made_at: new Date().toISOString(),
        }, copy);
        delete state.noteDrafts[followUp.id];
        state.followUpOpen = null;
        toast(`Opvolging: ${statusLabel(target)} (bewaard)`);
        await refreshCounts();
        requestBackgroundSync();
        sync.drain('save');
        await mountOpvolging();
      }));
  }

  const FIELD_LABELS = {
    house_number: 'Huisnummer', house_suffix: 'Toevoeging', street_id: 'Straat',
    location: 'Locatie', round_id: 'Ronde', note: 'Notitie', consent: 'Toestemming',
    recorded_at: 'Tijdstip', outcome: 'Uitkomst', help_questions: 'Hulpvragen',
    talents: 'Talenten', follow_up: 'Opvolging', resident_name: 'Naam bewoner',
    resident_phone: 'Telefoon bewoner', partner_id: 'Partner', due_date: 'Datum', id: 'Record',
    follow_up_id: 'Opvolging', status: 'Status', base_version: 'Versie', made_at: 'Tijdstip',
  };

  function flattenErrors(errors, prefix) {
    const lines = [];
    Object.entries(errors || {}).forEach(([field, value]) => {
      // "_schema" is about the record (or object) as a whole: no field name to show.
      const label = field === '_schema' ? '' : (FIELD_LABELS[field] || field);
      const name = prefix && label ? `${prefix} › ${label}` : (prefix || label);
      const line = (message) => (name ? `${name}: ${message}` : String(message));
      if (Array.isArray(value)) {
        value.forEach((message) => {
          if (typeof message === 'string') lines.push(line(message));
          else lines.push(...flattenErrors(message, name));
        });
      } else if (value && typeof value === 'object') {
        lines.push(...flattenErrors(value, name));
      } else {
        lines.push(line(value));
      }
    });
    return lines;
  }

  function renderOutboxState(element) {
    const { waiting, refused } = state.counts;
    const syncing = state.syncState === 'syncing';
    element.innerHTML = `<div class="figures">
        <div class="figure"><span class="number" id="waiting-count">${waiting}</span><span>wachten op verzending</span></div>
        <div class="figure${refused ? ' is-alert' : ''}"><span class="number">${refused}</span><span>geweigerd</span></div>
      </div>
      <p>Laatst gelukt: <strong id="last-sync">${esc(formatTime(state.lastSync))}</strong></p>
      <p class="muted" id="sync-state">${syncing ? 'Bezig met versturen…'
        : state.syncState === 'offline' ? 'Geen verbinding; we proberen het straks opnieuw.'
          : state.syncState === 'retry' ? 'De server antwoordt niet goed; we proberen het straks opnieuw.'
            : state.syncState === 'login' ? 'Log opnieuw in om te versturen.' : ''}</p>`;
  }

  function renderOutbox() {
    return `<section class="pad"><h1>Outbox</h1>
      <div id="outbox-state"></div>
      <button class="button primary wide big" type="button" id="sync-now">Nu synchroniseren</button>
      <h2>Geweigerd door de server</h2>
      <ul class="cards" id="refused"><li class="muted">…</li></ul>
      <div id="followup-refused"></div>
      <p class="muted small" id="persisted"></p>
    </section>`;
  }

  async function mountOutbox() {
    renderOutboxState(document.getElementById('outbox-state'));
    document.getElementById('sync-now').addEventListener('click', () => sync.drainNow('button'));
    const items = await store.refusedItems();
    const list = document.getElementById('refused');
    list.innerHTML = items.length ? items.map((item) => {
      const round = findRound(item.payload.round_id);
      const street = findStreet(round, item.payload.street_id);
      return `<li class="refused" data-id="${esc(item.id)}">
        <strong>${esc(capital(words.label('outcome', item.payload.outcome)))}
          ${street ? ' · ' + esc(street.name) : ''} ${esc(item.label || '')}</strong>
        <span class="muted">${esc(formatTime(item.payload.recorded_at))}</span>
        <ul class="reasons">${flattenErrors(item.errors).map((line) => `<li>${esc(line)}</li>`).join('')}</ul>
        <div class="row">
          ${item.server_failed ? resendButton(item) : ''}
          <a class="button" href="#/outbox/${esc(item.id)}">Aanpassen</a>
          <button class="button danger" type="button" data-discard="${esc(item.id)}">Weggooien</button>
        </div></li>`;
    }).join('') : '<li class="muted">Niets geweigerd.</li>';
    list.querySelectorAll('[data-discard]').forEach((button) => button.addEventListener('click',
      async () => {
        if (!global.confirm('Dit record weggooien? Het wordt dan nooit verstuurd.')) return;
        await store.discard(button.dataset.discard);
        await refreshCounts();
        route();
      }));
    mountResendButtons(list, 'outbox');
    await mountFollowUpRefusals();
    if (navigator.storage && navigator.storage.persisted) {
      const persisted = await navigator.storage.persisted();
      document.getElementById('persisted').textContent = persisted
        ? 'Opslag op deze telefoon is beschermd tegen opruimen.'
        : 'Let op: de browser mag de opslag opruimen. Installeer de app op je beginscherm.';
    }
  }

  /** For a record the server failed on: send it again as it is (the server may be fixed). */
  function resendButton(item) {
    return `<button class="button primary" type="button" data-resend="${esc(item.id)}">Opnieuw versturen</button>`;
  }

  function mountResendButtons(container, storeName) {
    container.querySelectorAll('[data-resend]').forEach((button) => button.addEventListener(
      'click', async () => {
        await store.resendFailed(storeName, button.dataset.resend);
        await refreshCounts();
        toast('Wordt opnieuw verstuurd');
        requestBackgroundSync();
        sync.drainNow('resend');
        route();
      }));
  }

  function fact(label, value) {
    return `<dt>${esc(label)}</dt><dd>${esc(value || '–')}</dd>`;
  }

  /** A follow-up change the server did not take: both versions side by side, or the reason. */
  function followUpRefusal(item) {
    const f = item.follow_up || {};
    const title = `${esc(capital(words.label('follow_up_kind', f.kind)) || 'Opvolging')}${followUpPlace(f) ? ' · ' + esc(followUpPlace(f)) : ''}`;
    const mine = item.payload;
    if (item.status === 'conflict' && item.current) {
      const current = item.current;
      const closed = words.isFinal(current.status);
      return `<li class="refused fu-conflict-card" data-id="${esc(item.id)}">
        <strong>${title}</strong>
        <p>Iemand anders heeft deze opvolging gewijzigd voordat jouw wijziging aankwam. Vergelijk en kies.</p>
        <div class="fu-compare">
          <section class="fu-mine"><h3>Jouw wijziging</h3><dl>
            ${fact('Status', statusLabel(mine.status))}${fact('Notitie', mine.note)}
            ${fact('Gemaakt', formatTime(mine.made_at))}</dl></section>
          <section class="fu-current"><h3>Huidige stand</h3><dl>
            ${fact('Status', statusLabel(current.status))}${fact('Door', current.changed_by)}
            ${fact('Wanneer', current.changed_at ? formatTime(current.changed_at) : null)}
            ${fact('Laatste notitie', current.last_note)}</dl></section>
        </div>
        ${closed ? '<p class="muted">Deze opvolging is al gesloten; alleen een teamleider kan hem heropenen.</p>' : ''}
        <div class="row">
          ${closed ? '' : `<button class="button primary" type="button" data-keep="${esc(item.id)}">Toch mijn wijziging</button>`}
          <button class="button danger" type="button" data-drop="${esc(item.id)}">Weggooien</button>
        </div></li>`;
    }
    return `<li class="refused fu-rejected-card" data-id="${esc(item.id)}">
      <strong>${title} → ${esc(statusLabel(mine.status))}</strong>
      <span class="muted">${esc(formatTime(mine.made_at))}</span>
      <ul class="reasons">${(item.message ? [item.message] : flattenErrors(item.errors)).map((line) => `<li>${esc(line)}</li>`).join('')}</ul>
      <div class="row">${item.server_failed ? resendButton(item) : ''}<button class="button danger" type="button" data-drop="${esc(item.id)}">Weggooien</button></div></li>`;
  }

  async function mountFollowUpRefusals() {
    const box = document.getElementById('followup-refused');
    if (!box) return;
    const items = (await store.followUpUpdates()).filter((item) => item.status !== 'pending');
    box.innerHTML = items.length ? `<h2>Opvolging: niet opgeslagen</h2>
      <ul class="cards">${items.map(followUpRefusal).join('')}</ul>` : '';
    box.querySelectorAll('[data-keep]').forEach((button) => button.addEventListener('click',
      async () => {
        await store.keepMine(button.dataset.keep);
        await refreshCounts();
        toast('Jouw wijziging wordt opnieuw verstuurd');
        requestBackgroundSync();
        sync.drain('keep-mine');
        await mountFollowUpRefusals();
      }));
    mountResendButtons(box, 'followup_updates');
    box.querySelectorAll('[data-drop]').forEach((button) => button.addEventListener('click',
      async () => {
        if (!global.confirm('Jouw wijziging weggooien? De huidige stand blijft.')) return;
        await store.dropFollowUpUpdate(button.dataset.drop);
        await refreshCounts();
        await mountFollowUpRefusals();
      }));
  }

  /** Correct a refused record: the same form as when it was made, then queue it again. */
  function renderCorrection(item) {
    const payload = item.payload;
    const round = findRound(payload.round_id) || { id: payload.round_id, streets: [] };
    if (payload.outcome === 'gesprek') {
      return renderGesprek(round, JSON.parse(JSON.stringify(payload)),
        { editing: true, koffieplek: payload.setting === 'koffieplek' });
    }
    return `<section class="pad"><a class="back" href="#/outbox">‹ Outbox</a><h1>Record aanpassen</h1>
      <ul class="reasons">${flattenErrors(item.errors).map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
      <form id="fix-form" novalidate>
        <label class="field">Straat <select name="street_id"><option value="">Onbekend</option>
          ${round.streets.map((s) => `<option value="${esc(s.id)}" ${s.id === payload.street_id ? 'selected' : ''}>${esc(s.name)}</option>`).join('')}</select></label>
        <label class="field">Huisnummer <input name="house_number" inputmode="numeric" value="${esc(payload.house_number || '')}"></label>
        <label class="field">Toevoeging <input name="house_suffix" maxlength="10" value="${esc(payload.house_suffix || '')}"></label>
        <label class="field">Uitkomst <select name="outcome">${outcomeChoices(payload.outcome).map(({ value, label }) => `<option value="${esc(value)}" ${value === payload.outcome ? 'selected' : ''}>${esc(capital(label))}</option>`).join('')}</select></label>
        <button class="button primary wide big" type="submit">Opnieuw versturen</button>
      </form></section>`;
  }

  /** The outcomes to choose from; without the bundle's words at least the record's own. */
  function outcomeChoices(current) {
    const options = words.options('outcome');
    return options.length ? options : [{ value: current, label: words.label('outcome', current) }];
  }

  async function resubmit(id, payload) {
    await store.resubmit(id, payload);
    await refreshCounts();
    toast('Aangepast; wordt opnieuw verstuurd');
    location.hash = '#/outbox';
    sync.drain('resubmit');
  }

  function notFound() {
    return `<section class="pad"><h1>Niet gevonden</h1><p>Deze ronde of straat staat niet op deze
      telefoon. <a href="#/">Terug naar vandaag</a></p></section>`;
  }

  // ---------------------------------------------------------------- router

  async function route() {
    if (state.map) {
      state.map.remove();
      state.map = null;
    }
    const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
    const tab = parts[0] === 'outbox' ? 'outbox' : parts[0] === 'opvolging' ? 'opvolging' : 'vandaag';
    document.querySelectorAll('.tabs a').forEach((a) => {
      a.toggleAttribute('aria-current', a.dataset.tab === tab);
    });
    if (parts[0] === 'ronde') await loadOwnDoors();
    if (parts[0] === 'ronde' && parts[2] === 'straat') {
      view.innerHTML = renderStraat(parts[1], parts[3]);
      mountStraat(parts[1], parts[3]);
      // Opened online: what the colleagues did here since the last bundle.
      if (navigator.onLine) refreshBundle();
    } else if (parts[0] === 'ronde' && parts[2] === 'gesprek') {
      const round = findRound(parts[1]);
      const fields = state.pendingConversation;
      if (!round || !fields) {
        location.hash = round ? `#/ronde/${round.id}` : '#/';
        return;
      }
      const contact = newContact(fields);
      view.innerHTML = renderGesprek(round, contact, {});
      mountGesprek(round, contact, { done: async (payload) => {
        await save([payload]);
        state.pendingConversation = null;
        toast('Gesprek opgeslagen');
        const street = findStreet(round, payload.street_id);
        state.draft = street ? { street_id: street.id,
          number: suggestNext(round, street, payload.house_number) } : null;
        location.hash = `#/ronde/${round.id}/straat/${payload.street_id}`;
      } });
    } else if (parts[0] === 'ronde' && parts[2] === 'koffie' && parts[3] === 'gesprek') {
      const round = findRound(parts[1]);
      if (!round) {
        view.innerHTML = notFound();
        return;
      }
      const contact = newContact({ round_id: round.id, setting: 'koffieplek', outcome: 'gesprek',
        mug_given: true });
      view.innerHTML = renderGesprek(round, contact, { koffieplek: true });
      mountGesprek(round, contact, { koffieplek: true, done: async (payload) => {
        await save([payload]);
        toast('Gesprek opgeslagen');
        location.hash = `#/ronde/${round.id}/koffie`;
      } });
    } else if (parts[0] === 'ronde' && parts[2] === 'koffie') {
      view.innerHTML = renderKoffie(parts[1]);
      mountKoffie(parts[1]);
    } else if (parts[0] === 'ronde' && parts[1]) {
      view.innerHTML = renderRonde(parts[1]);
      mountRondeMap(parts[1]);
    } else if (parts[0] === 'opvolging') {
      await mountOpvolging();
    } else if (parts[0] === 'outbox' && parts[1]) {
      const item = await store.getItem(parts[1]);
      if (!item || item.status === 'pending') {
        location.hash = '#/outbox';
        return;
      }
      view.innerHTML = renderCorrection(item);
      const round = findRound(item.payload.round_id) || { id: item.payload.round_id, streets: [] };
      if (item.payload.outcome === 'gesprek') {
        mountGesprek(round, item.payload, { editing: true,
          koffieplek: item.payload.setting === 'koffieplek',
          done: (payload) => resubmit(item.id, payload) });
      } else {
        document.getElementById('fix-form').addEventListener('submit', (event) => {
          event.preventDefault();
          const form = event.target;
          resubmit(item.id, Object.assign({}, item.payload, {
            street_id: form.street_id.value ? Number(form.street_id.value) : null,
            house_number: parseNumber(form.house_number.value),
            house_suffix: form.house_suffix.value.trim() || null,
            outcome: form.outcome.value,
          }));
        });
      }
    } else if (parts[0] === 'outbox') {
      view.innerHTML = renderOutbox();
      await mountOutbox();
    } else {
      view.innerHTML = renderVandaag();
    }
    view.focus({ preventScroll: true });
  }

  // ---------------------------------------------------------------- start

  async function start() {
    // After a drain the refused list may have changed too, not only the counts.
    const showSyncResult = async (event) => {
      // The server took records: the team's doors and the worker's follow-ups changed.
      if (event && event.acknowledged) refreshBundle();
      await refreshCounts();
      if (location.hash.startsWith('#/outbox') && !location.hash.slice(9)) {
        mountOutbox().catch(() => {});
      }
      // Not while the worker types a note: the next sync result redraws it.
      const typing = document.activeElement && document.activeElement.matches('textarea[data-note]');
      if (location.hash.startsWith('#/opvolging') && !typing) mountOpvolging().catch(() => {});
    };
    sync.onEvent(async (event) => {
      if (event.type === 'state') state.syncState = event.state;
      if (event.type === 'state' && event.state === 'idle') await showSyncResult(event);
      else if (event.type === 'state' && event.acknowledged) refreshBundle().then(refreshCounts);
      else await refreshCounts();
    });
    if (typeof BroadcastChannel === 'function') {
      // The service worker drains too (Background Sync, e.g. the moment the network
      // returns); keep the numbers, the refused list and the doors in step with it.
      new BroadcastChannel('buurtronde').onmessage = ({ data }) => {
        if (data && data.type === 'state' && data.state === 'idle') showSyncResult(data);
        else if (data && data.type === 'state' && data.acknowledged) refreshBundle();
        else refreshCounts();
      };
    }
    window.addEventListener('hashchange', route);
    window.addEventListener('online', () => {
      renderStatus();
      refreshBundle().then(() => sync.drainNow('online'));
    });
    window.addEventListener('offline', renderStatus);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') sync.drain('visible');
    });
    setInterval(() => {
      if (state.counts.waiting > 0 && !sync.backingOff) sync.drain('timer');
    }, TIMER_MS);

    await refreshCounts();
    await loadBundle();
    await route();
    sync.drain('load');

    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register(config.sw, { scope: config.scope }).catch(() => {});
    }
  }

  global.Buurtronde.app = { state, suggestNext, flattenErrors, route, loadBundle };
  start();
})(self);
