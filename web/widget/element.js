// <loyalty-widget>: the launcher and its dialog panel, or (mode="inline") the
// same panel placed in the page. Shadow DOM keeps shop styles out and ours in.
import { LitElement, html, nothing } from 'lit';
import { styles } from './styles.js';
import { yieldToMain } from './yield.js';
import { activityView, cardView, earnView, guestView, homeView, referralView, rewardsView, simulatorView } from './views.js';

const MEMBER_VIEWS = ['home', 'earn', 'rewards', 'activity', 'simulator', 'referral', 'card'];
const GUEST_VIEWS = ['home', 'earn', 'rewards', 'simulator'];
const RENDER = { earn: earnView, rewards: rewardsView, activity: activityView, simulator: simulatorView, referral: referralView,
  card: cardView };
const FOCUSABLE = 'button:not([disabled]), a[href], input:not([disabled]), [tabindex]:not([tabindex="-1"])';

export class LoyaltyWidgetElement extends LitElement {
  static styles = styles;
  static properties = {
    mode: { type: String, reflect: true },
    position: { type: String, reflect: true },
    open: { type: Boolean, reflect: true },
    view: { type: String },
    ui: { state: true },
    snapshot: { state: true },
  };

  constructor() {
    super();
    this.mode = 'inline';
    this.open = false;
    this.view = 'home';
    this.ui = { whatIfAmount: 100, sliderPoints: {} };
    this.snapshot = null;
    this.widget = null;  // the runtime, given by it (runtime.attach) or asked for on connect
  }

  // The element asks its page for the runtime (as lit's context protocol
  // does) instead of reading a global: the runtime that hears the request
  // attaches it. Elements already on the page when the runtime starts are
  // attached by its init().
  connectedCallback() {
    super.connectedCallback();
    if (this.widget) this.widget.attach(this);
    else this.dispatchEvent(new CustomEvent('loyalty-runtime-request', { bubbles: true, composed: true }));
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.cardTimer);
    this.widget?.detach(this);
  }

  // The first render, and the render that opens the panel, get a task of
  // their own: made in the task that created the element (the runtime's
  // start), or in the press's task with the frame it lays out, each pair
  // was one long task.
  async scheduleUpdate() {
    if (!this.hasUpdated || this.#ownTask) {
      this.#ownTask = false;
      await yieldToMain();
    }
    return super.scheduleUpdate();
  }

  #ownTask = false;

  firstUpdated() {
    if (this.mode === 'launcher') {
      requestAnimationFrame(() => performance.mark('loyalty:launcher-painted'));
    }
  }

  updated() {
    if (this.open && this.snapshot?.info && !this.markedInteractive) {
      this.markedInteractive = true;
      requestAnimationFrame(() => performance.mark('loyalty:panel-interactive'));
    }
  }

  // The whole widget (launcher and panel) takes the language's direction, so
  // in Arabic both sit on the left, mirrored.
  willUpdate() {
    const i18n = this.widget?.i18n();
    if (!i18n) return;
    if (this.dir !== i18n.dir) this.dir = i18n.dir;
    if (this.lang !== i18n.locale) this.lang = i18n.locale;
  }

  /** Called by the runtime whenever the controller's state changes. */
  refreshFrom(state) {
    this.snapshot = state;
    if (this.view === 'simulator' && !this.ui.whatIf) this.#whatIf(this.ui.whatIfAmount);
    // A card asked for before the customer was known (a deep link): now.
    if (this.#cardShown() && !this.ui.card?.qr && !this.cardLoading && state.customer) this.#loadCard();
  }

  show(view) {
    // A member's view asked for before the shopper is known (a deep link
    // while the token is on its way) is kept: the panel shows home until
    // the member's figures arrive, then that view.
    this.view = MEMBER_VIEWS.includes(view) ? view : 'home';
    if (this.view === 'card') queueMicrotask(() => this.#loadCard());
    if (this.mode === 'inline') return;
    if (!this.open) {
      this.#ownTask = true;
      this.open = true;
      this.widget?.dispatch('open', { view: this.view });
      // Focus moves in once the opened panel has been laid out and painted
      // (moving it at once laid the page out inside the render's task).
      this.updateComplete.then(() => requestAnimationFrame(() => setTimeout(() => this.#focusFirst())));
    }
    if (this.view === 'simulator') this.#whatIf(this.ui.whatIfAmount);
  }

  hide() {
    if (!this.open) return;
    clearTimeout(this.cardTimer);
    this.open = false;
    this.ui = { ...this.ui, confirming: null };
    this.widget?.dispatch('close', {});
    this.updateComplete.then(() => this.renderRoot.querySelector('.launcher')?.focus());
  }

  #cardShown() {
    return this.view === 'card' && (this.open || this.mode === 'inline') && !this.snapshot?.guest;
  }

  // The card's code, from the server, with its QR code; renewed half a
  // minute before it expires while the card is shown. Offline, the last code
  // stays while it is good; after that the card says to connect, and tries
  // again. Asked again while a request is out (the token arrived meanwhile),
  // it asks once more when that one fails.
  async #loadCard() {
    clearTimeout(this.cardTimer);
    if (!this.#cardShown() || !this.widget?.controller) return;
    if (this.cardLoading) {
      this.cardAgain = true;
      return;
    }
    this.cardLoading = true;
    this.cardAgain = false;
    const controller = this.widget.controller;
    let retryIn;
    try {
      const [code, qr] = await Promise.all([controller.memberCode(), this.widget.loadQr()]);
      this.ui = { ...this.ui, card: { ...code, qr: qr.qrPath(code.code) } };
      retryIn = Math.max(10000, Date.parse(code.expires_at) - controller.now() - 30000);
    } catch (error) {
      const last = this.ui.card;
      const good = last?.qr && Date.parse(last.expires_at) > controller.now();
      const why = error.code === 'network' || error.transient ? this.widget.i18n().t('cardOffline') : this.#explain(error, null, 'error');
      this.ui = { ...this.ui, card: good ? last : { error: why } };
      // Signed out or not yet signed in: the token is usually on its way.
      retryIn = this.cardAgain ? 0 : error.code === 'unauthorized' ? 3000 : 15000;
    } finally {
      this.cardLoading = false;
    }
    this.cardTimer = setTimeout(() => this.#loadCard(), retryIn);
  }

  #views() {
    return this.snapshot?.guest ? GUEST_VIEWS : MEMBER_VIEWS;
  }

  #focusFirst() {
    this.renderRoot.querySelector('.panel')?.querySelector(FOCUSABLE)?.focus();
  }

  #onKeydown(event) {
    if (this.mode === 'inline') return;
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.hide();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = [...this.renderRoot.querySelector('.panel').querySelectorAll(FOCUSABLE)];
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    const active = this.renderRoot.activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  async #whatIf(amount) {
    this.ui = { ...this.ui, whatIfAmount: amount };
    try {
      const result = await this.widget.controller.simulate({ amount: String(amount) });
      if (this.ui.whatIfAmount === amount) this.ui = { ...this.ui, whatIf: result };
    } catch {
      /* the engine is still loading; the next state change retries */
    }
  }

  // A refusal in the shopper's words: the engine's reasons have sentences of
  // their own; anything else gets a general one (never an engine message).
  #explain(error, rewardId, fallback = 'rejected') {
    const i18n = this.widget.i18n();
    const info = this.snapshot?.info;
    const reward = (info?.rewards ?? []).find((r) => r.id === rewardId);
    if (error.code === 'tier_too_low' && reward?.min_tier) {
      const level = info?.tiers?.levels?.find((l) => l.id === reward.min_tier);
      return i18n.t('needsTier', { tier: level?.name ?? reward.min_tier });
    }
    if (error.code === 'order_required' || error.code === 'order_below_minimum') return i18n.t('atCheckout');
    if (error.code === 'code_used' || error.code === 'unknown_redemption') return i18n.t('codeUnavailable');
    if (error.code === 'network' || error.transient) return i18n.t('offline');
    return i18n.t(fallback);
  }

  #actions() {
    return {
      confirm: (id) => { this.ui = { ...this.ui, confirming: id, redeemed: null, error: null }; },
      cancel: () => { this.ui = { ...this.ui, confirming: null }; },
      slide: (id, points) => {
        // The discount for the points picked is the engine's figure, not arithmetic here.
        const quote = this.widget.controller.rewardQuote(id, points);
        this.ui = { ...this.ui, sliderPoints: { ...this.ui.sliderPoints, [id]: points },
          quotes: { ...this.ui.quotes, ...(quote ? { [id]: quote } : {}) } };
      },
      // A reward that comes off an order: the shop's checkout applies it to the
      // real cart (its server decides the amount), so the widget only says so.
      apply: (id) => {
        this.ui = { ...this.ui, applied: { reward: id }, error: null };
        const name = (this.snapshot?.info?.rewards ?? []).find((r) => r.id === id)?.name ?? id;
        this.widget.dispatch('apply-reward', { reward: id, name });
      },
      whatIf: (amount) => this.#whatIf(amount),
      chooseCause: (id, cause) => { this.ui = { ...this.ui, causes: { ...this.ui.causes, [id]: cause } }; },
      redeem: async (id, points, cause) => {
        try {
          const redemption = await this.widget.controller.redeem(id, points, cause);
          this.ui = { ...this.ui, confirming: null, redeemed: redemption.pending ? null
            : { reward: id, code: redemption.code, cause: redemption.cause ?? null, discount: redemption.discount } };
        } catch (error) {
          this.ui = { ...this.ui, confirming: null, error: this.#explain(error, id) };
          this.widget.dispatch('error', { code: error.code ?? 'redeem_failed', message: error.message });
        }
      },
      pickScore: (score) => { this.ui = { ...this.ui, surveyScore: score, surveyError: null }; },
      surveyComment: (text) => { this.ui = { ...this.ui, surveyComment: text }; },
      answerSurvey: async () => {
        this.ui = { ...this.ui, surveySending: true, surveyError: null };
        try {
          const answer = await this.widget.controller.answerSurvey(this.ui.surveyScore, this.ui.surveyComment?.trim());
          this.ui = { ...this.ui, surveySending: false, surveyDone: { points: answer.points } };
        } catch (error) {
          // Already answered this period (a retry after a lost answer, or
          // another device): the answer counts once, which is a thank-you too.
          if (error.code === 'survey_already_answered') {
            this.ui = { ...this.ui, surveySending: false, surveyDone: { points: 0 } };
          } else {
            this.ui = { ...this.ui, surveySending: false, surveyError: this.#explain(error, null, 'error') };
            this.widget.dispatch('error', { code: error.code ?? 'survey_failed', message: error.message });
          }
        }
      },
      askReturn: (id) => { this.ui = { ...this.ui, returning: id, returned: null, error: null }; },
      keepCode: () => { this.ui = { ...this.ui, returning: null }; },
      returnCode: async (id) => {
        try {
          const cancelled = await this.widget.controller.cancelRedemption(id);
          this.ui = { ...this.ui, returning: null, returned: { points: cancelled.points } };
        } catch (error) {
          this.ui = { ...this.ui, returning: null, error: this.#explain(error, null, 'error') };
          this.widget.dispatch('error', { code: error.code ?? 'cancel_failed', message: error.message });
        }
      },
      copy: async (text) => {
        try {
          await navigator.clipboard.writeText(text);
        } catch {
          /* clipboard refused: the text stays visible to copy by hand */
        }
        this.ui = { ...this.ui, copied: text };
      },
    };
  }

  #panel() {
    const state = this.snapshot;
    const runtime = this.widget;
    if (!state || !runtime) return nothing;
    const i18n = runtime.i18n();
    const dialog = this.mode !== 'inline';
    const views = this.#views();
    const view = views.includes(this.view) ? this.view : 'home';
    const context = { state, i18n, ui: this.ui, actions: this.#actions(), config: runtime.config };
    const body = view === 'home' ? (state.guest ? guestView(context) : homeView(context)) : RENDER[view](context);
    return html`
      ${dialog ? html`<div class="backdrop" @click=${() => this.hide()}></div>` : nothing}
      <section class="panel" part="panel" dir=${i18n.dir} lang=${i18n.locale}
        role=${dialog ? 'dialog' : 'region'} aria-modal=${dialog ? 'true' : nothing} aria-labelledby="panel-title"
        @keydown=${(e) => this.#onKeydown(e)}>
        <header>
          <h2 id="panel-title">${state.info?.name ?? i18n.t('open')}</h2>
          ${dialog ? html`<button class="icon-button" part="button" aria-label=${i18n.t('close')} @click=${() => this.hide()}>×</button>` : nothing}
        </header>
        <nav aria-label=${i18n.t('dialog')}>${views.map((v) => html`<button part="tab" data-view=${v}
          aria-current=${v === view ? 'page' : nothing} @click=${() => this.show(v)}>${i18n.t(v)}</button>`)}</nav>
        <main data-view=${view} tabindex="0">${state.info ? body : html`<p class="muted">${i18n.t('syncing')}</p>`}</main>
        <footer data-test="sync" aria-live="polite">${state.offline ? `${i18n.t('offline')} · ` : ''}${state.syncedAt
          ? i18n.t('lastSynced', { time: i18n.time(state.syncedAt) }) : i18n.t('syncing')}</footer>
      </section>`;
  }

  render() {
    if (this.mode === 'inline') return this.#panel();
    const state = this.snapshot;
    const i18n = this.widget?.i18n();
    const available = state?.balance?.available;
    const label = i18n ? i18n.t('open') : 'Rewards';
    return html`
      <button class="launcher" part="launcher" aria-haspopup="dialog" aria-expanded=${this.open ? 'true' : 'false'}
        @click=${() => (this.open ? this.hide() : this.show(this.view))}>
        <span>${label}</span>
        ${typeof available === 'number' && i18n ? html`<span class="badge" part="badge" data-test="badge"
          aria-label=${i18n.t('balanceBadge', { points: i18n.number(available) })}>${i18n.number(available)}</span>` : nothing}
      </button>
      ${this.open ? this.#panel() : nothing}`;
  }
}

if (!customElements.get('loyalty-widget')) customElements.define('loyalty-widget', LoyaltyWidgetElement);
