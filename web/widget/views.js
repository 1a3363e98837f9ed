// The panel's views as lit templates over the controller's state. They show
// engine figures; they compute none (format.js only formats and compares).
import { html, nothing, svg } from 'lit';
import { monthlyChart } from './chart.js';
import { isSomeMoney, ruleLabel } from './format.js';

function tierCard(balance, info, i18n) {
  const tier = balance?.tier;
  if (!tier) return nothing;
  const spend = tier.basis === 'spend';
  let progress = i18n.t('topTier');
  let share = 100;
  if (tier.next) {
    const amount = spend ? i18n.money(tier.next.needed) : i18n.number(tier.next.needed);
    progress = i18n.t(spend ? 'tierProgressSpend' : 'tierProgressPoints', { amount, tier: tier.next.name });
    const level = info?.tiers?.levels?.find((l) => l.id === tier.next.id);
    const target = Number(level?.threshold ?? 0);
    share = target > 0 ? Math.min(100, Math.floor((Number(tier.window_total) / target) * 100)) : 0;
  }
  return html`<section class="card" aria-labelledby="tier-heading">
    <h3 id="tier-heading" class="clamp">${i18n.t('tier')}: ${tier.name}</h3>
    ${tier.perks.length ? html`<p class="muted clamp">${tier.perks.join(' · ')}</p>` : nothing}
    <p data-test="tier-progress" class="clamp">${progress}</p>
    <svg class="progress" viewBox="0 0 100 8" preserveAspectRatio="none" role="progressbar" aria-valuemin="0"
      aria-valuemax="100" aria-valuenow=${share} aria-label=${progress}>
      ${svg`<rect width="100" height="8" rx="4" class="track"></rect><rect width=${share} height="8" rx="4" class="fill"></rect>`}
    </svg>
  </section>`;
}

function entryLabel(entry, i18n) {
  if (entry.kind === 'earn' && entry.channel === 'store') return i18n.t('earnedInStore');
  const labels = { earn: i18n.t('earned'), redeem: i18n.t('redeemed'), expire: i18n.t('expired'),
    clawback: i18n.t('refunded'), adjust: i18n.t('adjusted'), cancel: i18n.t('codeCancelled') };
  return labels[entry.kind] ?? entry.kind;
}

function ledgerList(entries, i18n, limit) {
  const shown = [...entries].reverse().filter((e) => e.kind !== 'rejected' && e.kind !== 'tier').slice(0, limit);
  if (!shown.length) return html`<p class="muted">${i18n.t('nothingYet')}</p>`;
  return html`<ul class="plain" data-test="ledger">${shown.map((e) => html`<li>
    <span>${entryLabel(e, i18n)}<br><span class="muted">${i18n.date(e.date)}</span></span>
    <span class="points ${e.points < 0 ? 'negative' : ''}">${e.points > 0 ? '+' : ''}${i18n.number(e.points)}</span>
  </li>`)}</ul>`;
}

// The Net Promoter Score question, when the engine says the customer may
// answer now (balance.survey.due). Native radio buttons: arrow keys and
// screen readers work as they do everywhere.
function surveyCard({ state, i18n, ui, actions }) {
  if (ui.surveyDone) {
    return html`<p class="notice" role="status" data-test="survey-thanks">${ui.surveyDone.points > 0
      ? i18n.t('surveyThanksPoints', { points: i18n.points(ui.surveyDone.points) }) : i18n.t('surveyThanks')}</p>`;
  }
  if (state.guest || !state.balance?.survey?.due) return nothing;
  const rule = (state.info?.earn ?? []).find((r) => r.type === 'event' && r.event === 'survey');
  const chosen = ui.surveyScore;
  return html`<section class="card survey" data-test="survey">
    <fieldset>
      <legend><strong>${i18n.t('surveyQuestion', { program: state.info?.name ?? '' })}</strong>
        ${rule?.points ? html`<span class="muted"> · ${i18n.t('earnFor', { points: i18n.points(rule.points) })}</span>` : nothing}</legend>
      <div class="scores">${Array.from({ length: 11 }, (_, n) => html`<label class="score">
        <input type="radio" name="nps-score" .value=${String(n)} .checked=${chosen === n} @change=${() => actions.pickScore(n)}>
        <span>${i18n.number(n)}</span></label>`)}</div>
      <p class="muted scale"><span>${i18n.t('surveyUnlikely')}</span><span>${i18n.t('surveyLikely')}</span></p>
    </fieldset>
    ${chosen === undefined ? nothing : html`<label class="comment">${i18n.t('surveyComment')}
        <textarea maxlength="2000" rows="2" .value=${ui.surveyComment ?? ''} @input=${(e) => actions.surveyComment(e.target.value)}></textarea></label>
      <div class="actions"><button class="primary" part="button" data-test="survey-send" ?disabled=${ui.surveySending}
        @click=${() => actions.answerSurvey()}>${i18n.t('surveySend')}</button></div>`}
    ${ui.surveyError ? html`<p class="alert" role="alert">${ui.surveyError}</p>` : nothing}
  </section>`;
}

export function homeView({ state, i18n, ui, actions }) {
  const { balance, info } = state;
  if (!balance) return nothing;
  const expiring = balance.expiring[0];
  return html`
    <p class="muted clamp" data-test="customer-name">${state.customer?.name ?? ''}</p>
    <p class="balance" data-test="balance" aria-live="polite">${i18n.points(balance.available)}</p>
    <p class="muted" data-test="balance-value">${i18n.t('worth', { money: i18n.money(balance.available_value) })}
      ${balance.pending ? html` · ${i18n.t('pending', { points: i18n.points(balance.pending) })}` : nothing}</p>
    ${info?.pending_days && balance.pending ? html`<p class="muted">${i18n.t('pendingNote', { days: i18n.number(info.pending_days) })}</p>` : nothing}
    ${expiring ? html`<p class="notice" data-test="expiring">${i18n.t('expiring', { points: i18n.points(expiring.points), date: i18n.date(expiring.date) })}</p>` : nothing}
    ${tierCard(balance, info, i18n)}
    ${isSomeMoney(balance.giving?.given)
      ? html`<p class="muted" data-test="home-given">${i18n.t('youGave', { money: i18n.money(balance.giving.given) })}</p>` : nothing}
    ${surveyCard({ state, i18n, ui, actions })}
    <h3>${i18n.t('latest')}</h3>
    ${ledgerList(balance.entries, i18n, 3)}`;
}

export function earnView({ state, i18n }) {
  return html`<ul class="plain" data-test="ways">${(state.info?.earn ?? []).map((rule) => html`<li>
    <span class="clamp">${rule.description}</span>
    ${typeof rule.points === 'number' ? html`<span class="points">+${i18n.number(rule.points)}</span>` : nothing}
  </li>`)}</ul>`;
}

function pendingList(state, i18n) {
  if (!state.pendingRedemptions?.length) return nothing;
  const name = (id) => state.info?.rewards?.find((r) => r.id === id)?.name ?? id;
  return html`<section class="notice" data-test="pending" role="status">
    <strong>${i18n.t('pendingSync')}</strong>
    <ul>${state.pendingRedemptions.map((entry) => html`<li>${name(entry.body.reward)}</li>`)}</ul>
  </section>`;
}

// A reward's place in the view, from the engine's answer: 'affordable'
// (redeem now), 'apply' (the cart qualifies: applied at checkout), 'order'
// (needs an order), 'tier', 'locked' (points).
function rewardStatus(decided, guest) {
  if (guest || !decided) return 'locked';
  if (decided.redeemable) return decided.applies_to_order ? 'apply' : 'affordable';
  if (decided.reason === 'tier_too_low') return 'tier';
  if (decided.reason === 'order_required' || decided.reason === 'order_below_minimum') return 'order';
  return 'locked';
}

// Why not, in the shopper's words, with figures formatted for their locale.
function rewardReason(decided, reward, state, i18n) {
  switch (decided?.reason) {
    case 'tier_too_low': {
      const level = state.info?.tiers?.levels?.find((l) => l.id === reward.min_tier);
      return i18n.t('needsTier', { tier: level?.name ?? reward.min_tier });
    }
    case 'insufficient_points': return i18n.t('locked', { points: i18n.points(decided.points_short) });
    case 'order_below_minimum': return i18n.t('orderShort', { money: i18n.money(decided.order_short) });
    case 'order_required': return decided.min_order ? i18n.t('atCheckoutFrom', { money: i18n.money(decided.min_order) }) : i18n.t('atCheckout');
    case 'invalid_points': return i18n.t('locked', { points: i18n.points(reward.cost) });
    default: return null;
  }
}

// The shopper's unused codes (the server's list): each can be copied for
// checkout or cancelled to get its points back.
function codeList(state, i18n, ui, actions) {
  const codes = state.guest ? [] : (state.codes ?? []);
  if (!codes.length && !ui.returned) return nothing;
  const names = new Map((state.info?.rewards ?? []).map((r) => [r.id, r.name]));
  return html`<section class="card codes" data-test="codes" aria-labelledby="codes-heading">
    ${codes.length ? html`<h3 id="codes-heading">${i18n.t('yourCodes')}</h3>
    <ul class="plain">${codes.map((c) => html`<li class="code-row" data-code=${c.id}>
      <div><strong>${names.get(c.reward) ?? c.reward}</strong>${!isSomeMoney(c.discount) ? nothing
        : html` · ${i18n.t('discountOf', { money: i18n.money(c.discount) })}`}
        <br><span class="code" data-test="code">${c.code}</span></div>
      ${ui.returning === c.id ? html`<div class="actions" role="group" aria-label=${i18n.t('confirmReturn', { points: i18n.points(c.points) })}>
          <p>${i18n.t('confirmReturn', { points: i18n.points(c.points) })}</p>
          <button class="primary" part="button" data-test="confirm-return" @click=${() => actions.returnCode(c.id)}>${i18n.t('confirm')}</button>
          <button class="secondary" part="button" @click=${() => actions.keepCode()}>${i18n.t('keepCode')}</button></div>`
        : html`<div class="actions">
          <button class="secondary" part="button" @click=${() => actions.copy(c.code)}>${ui.copied === c.code ? i18n.t('copied') : i18n.t('copy')}</button>
          <button class="secondary" part="button" data-test="return" @click=${() => actions.askReturn(c.id)}>${i18n.t('returnPoints')}</button></div>`}
    </li>`)}</ul>` : nothing}
    ${ui.returned ? html`<p role="status" data-test="returned">${i18n.t('pointsBack', { points: i18n.points(ui.returned.points) })}</p>` : nothing}
  </section>`;
}

export function rewardsView({ state, i18n, ui, actions }) {
  const { info } = state;
  const decidedById = new Map((state.rewards?.rewards ?? []).map((r) => [r.id, r]));
  return html`${pendingList(state, i18n)}
    ${ui.error ? html`<p class="alert" role="alert" data-test="error">${ui.error}</p>` : nothing}
    ${codeList(state, i18n, ui, actions)}
    <ul class="plain" data-test="rewards">${(info?.rewards ?? []).map((reward) => {
    const decided = state.guest ? null : decidedById.get(reward.id);
    const status = rewardStatus(decided, state.guest);
    const confirming = ui.confirming === reward.id;
    const done = ui.redeemed?.reward === reward.id ? ui.redeemed : null;
    const slider = reward.type === 'points_to_discount' && status === 'affordable' && decided.points.max > 0;
    const chosen = slider ? Math.min(ui.sliderPoints?.[reward.id] ?? decided.points.max, decided.points.max) : reward.cost;
    const quote = slider && ui.quotes?.[reward.id]?.points_cost === chosen ? ui.quotes[reward.id] : decided;
    const reason = rewardReason(decided, reward, state, i18n);  // none for a guest (no decision)
    const donation = reward.type === 'donation';
    const causes = donation ? causesOf(reward, info) : [];
    const cause = ui.causes?.[reward.id] ?? causes[0]?.id;
    return html`<li class="reward" data-reward=${reward.id} data-state=${status}>
      <div class="reward-head"><strong>${reward.name}</strong> <span class="points">${i18n.points(reward.cost)}</span></div>
      ${reward.description ? html`<p class="muted reward-description">${reward.description}</p>` : nothing}
      ${donation ? html`<p class="muted">${i18n.t('donationGives', { money: i18n.money(reward.value) })}</p>` : nothing}
      ${slider ? html`
        <label class="slider">${i18n.t('pointsToUse')}: ${i18n.number(chosen)} — <span data-test="discount">${i18n.t('discountOf', { money: i18n.money(quote.discount) })}</span>
          <input type="range" min=${decided.points.min} max=${decided.points.max} step=${decided.points.step} .value=${String(chosen)}
            @input=${(e) => actions.slide(reward.id, Number(e.target.value))}></label>` : nothing}
      ${reason ? html`<p class="muted" data-test="reason">${reason}</p>` : nothing}
      ${done?.cause ? html`<p role="status" data-test="donated">${i18n.t('donated',
          { money: i18n.money(done.discount), cause: causes.find((c) => c.id === done.cause)?.name ?? done.cause })}</p>`
        : done ? html`<div role="status"><span>${i18n.t('yourCode')}</span> <span class="code" data-test="code">${done.code}</span>
          <button class="secondary" part="button" @click=${() => actions.copy(done.code)}>${ui.copied === done.code ? i18n.t('copied') : i18n.t('copy')}</button></div>`
        : ui.applied?.reward === reward.id ? html`<p role="status" data-test="applied">${i18n.t('appliedToOrder')}</p>`
        : confirming ? html`<div class="actions" role="group" aria-label=${i18n.t('confirmRedeem', { points: i18n.points(chosen), reward: reward.name })}>
          <p>${i18n.t('confirmRedeem', { points: i18n.points(chosen), reward: reward.name })}</p>
          ${donation && causes.length > 1 ? html`<fieldset class="causes" data-test="causes"><legend>${i18n.t('chooseCause')}</legend>
            ${causes.map((c) => html`<label><input type="radio" name=${`cause-${reward.id}`} value=${c.id} .checked=${c.id === cause}
              @change=${() => actions.chooseCause(reward.id, c.id)}> ${c.name}</label>`)}</fieldset>` : nothing}
          <button class="primary" part="button" data-test="confirm" @click=${() => actions.redeem(reward.id, slider ? chosen : undefined, donation ? cause : undefined)}>${i18n.t('confirm')}</button>
          <button class="secondary" part="button" @click=${() => actions.cancel()}>${i18n.t('cancel')}</button></div>`
        : status === 'affordable' ? html`<div class="actions"><button class="primary" part="button" data-test="redeem"
          @click=${() => actions.confirm(reward.id)}>${i18n.t('redeem')}</button></div>`
        : status === 'apply' ? html`<div class="actions"><button class="primary" part="button" data-test="apply"
          @click=${() => actions.apply(reward.id)}>${i18n.t('applyToOrder')}</button></div>` : nothing}
    </li>`;
  })}</ul>
    ${givingCard(state, i18n)}`;
}

// The causes a donation reward can go to, as the program names them.
function causesOf(reward, info) {
  const all = info?.causes ?? [];
  return reward.causes?.length ? all.filter((c) => reward.causes.includes(c.id)) : all;
}

// The program's causes, and what this shopper has given to each (the engine's
// balance: donations and the shop's pledge on their purchases).
function givingCard(state, i18n) {
  const causes = state.info?.causes ?? [];
  if (!causes.length) return nothing;
  const giving = state.guest ? null : state.balance?.giving;
  const given = (id) => giving?.causes.find((line) => line.cause === id);
  return html`<section class="card" data-test="giving" aria-labelledby="giving-heading">
    <h3 id="giving-heading">${i18n.t('causes')}</h3>
    ${isSomeMoney(giving?.given) ? html`<p data-test="given">${i18n.t('youGave', { money: i18n.money(giving.given) })}</p>` : nothing}
    <ul class="plain">${causes.map((c) => {
      const line = given(c.id);
      const total = line?.given;
      return html`<li data-cause=${c.id}><div><strong>${c.name}</strong>${c.description ? html`<br><span class="muted">${c.description}</span>` : nothing}</div>
        ${isSomeMoney(total) ? html`<span class="muted">${i18n.t('gaveToCause', { money: i18n.money(total) })}</span>` : nothing}</li>`;
    })}</ul>
  </section>`;
}

export function activityView({ state, i18n }) {
  const balance = state.balance;
  if (!balance) return nothing;
  return html`${monthlyChart(balance.history, i18n)}
    <h3>${i18n.t('activity')}</h3>
    ${ledgerList(balance.entries, i18n, 50)}`;
}

function simulationDetails(simulation, state, i18n) {
  const rewards = state.info?.rewards ?? [];
  const unlocked = simulation.rewards_unlocked.map((id) => rewards.find((r) => r.id === id)?.name ?? id);
  return html`
    <h3>${i18n.t('breakdown')}</h3>
    <ul class="plain" data-test="breakdown">${simulation.breakdown.map((line) => html`<li>
      <span>${ruleLabel(line.rule, state.info, i18n)}</span><span class="points">+${i18n.number(line.points)}</span></li>`)}</ul>
    ${state.guest ? nothing : html`<p>${i18n.t('balanceAfter')}: <span class="points" data-test="balance-after">${i18n.points(simulation.available_after + simulation.pending_after)}</span></p>
      ${simulation.tier_after ? html`<p>${i18n.t('tierAfter')}: ${simulation.tier_after.name}</p>` : nothing}`}
    ${unlocked.length ? html`<p class="notice">${i18n.t('unlocks', { rewards: unlocked.join(', ') })}</p>` : nothing}`;
}

export function simulatorView({ state, i18n, ui, actions }) {
  const cart = state.cartSimulation;
  const whatIf = ui.whatIf;
  return html`
    ${cart ? html`<p class="balance" data-test="cart-points">${state.guest
      ? i18n.t('joinAndEarn', { points: i18n.points(cart.points) })
      : i18n.t('cartEarns', { points: i18n.points(cart.points) })}</p>
      ${simulationDetails(cart, state, i18n)}` : html`<p class="muted">${i18n.t('emptyCart')}</p>`}
    <h3><label for="what-if">${i18n.t('whatIf')}</label></h3>
    <input id="what-if" type="range" min="0" max="500" step="5" .value=${String(ui.whatIfAmount)}
      @input=${(e) => actions.whatIf(Number(e.target.value))} aria-valuetext=${i18n.moneyWhole(String(ui.whatIfAmount))}>
    <p data-test="what-if" aria-live="polite">${whatIf ? i18n.t('earnsOnAmount', { money: i18n.moneyWhole(String(ui.whatIfAmount)), points: i18n.points(whatIf.points) }) : ''}</p>`;
}

export function guestView({ state, i18n, config }) {
  const info = state.info;
  const perks = info?.earn?.filter((r) => ['event', 'spend_bands'].includes(r.type)).slice(0, 4) ?? [];
  return html`
    <h3>${i18n.t('guestTitle', { program: info?.name ?? '' })}</h3>
    <p>${i18n.t('guestPerks')}</p>
    <ul class="plain" data-test="perks">${perks.map((rule) => html`<li>${rule.description}</li>`)}</ul>
    ${config.joinUrl ? html`<p><a class="primary" part="button" href=${config.joinUrl} data-test="join">${i18n.t('join')}</a></p>` : nothing}
    ${state.cartSimulation ? html`<p class="notice" data-test="join-earn">${i18n.t('joinAndEarn', { points: i18n.points(state.cartSimulation.points) })}</p>` : nothing}`;
}

export function referralView({ state, i18n, ui, actions }) {
  const url = state.customer?.referral_url;
  if (!url) return nothing;
  return html`<p>${i18n.t('referralText')}</p>
    <p class="code" data-test="referral-url">${url}</p>
    <button class="primary" part="button" @click=${() => actions.copy(url)}>${ui.copied === url ? i18n.t('copied') : i18n.t('copy')}</button>`;
}

// The member card for the shop's counter: who the member is, and a QR code of
// a short-lived code the server signed (ui.card: { code, expires_at, qr }),
// renewed by the element before it expires.
export function cardView({ state, i18n, ui }) {
  const { balance, customer } = state;
  const card = ui.card;
  const qr = card?.qr;
  return html`<section class="member-card" data-test="member-card" aria-labelledby="card-name">
    <p class="muted clamp">${state.info?.name ?? ''}</p>
    <h3 id="card-name" class="clamp" data-test="card-name">${customer?.name ?? ''}</h3>
    <p>${balance?.tier ? html`<span data-test="card-tier">${balance.tier.name}</span> · ` : nothing}${i18n.points(balance?.available ?? 0)}</p>
    ${qr ? html`<svg class="qr" data-test="card-qr" role="img" aria-label=${i18n.t('cardQr')} viewBox=${`-4 -4 ${qr.size + 8} ${qr.size + 8}`}
        shape-rendering="crispEdges">${svg`<rect x="-4" y="-4" width=${qr.size + 8} height=${qr.size + 8} fill="#fff"></rect>
        <path d=${qr.path} fill="#000"></path>`}</svg>
      <p class="code member-code" data-test="card-code">${card.code}</p>
      <p class="muted" data-test="card-valid">${i18n.t('cardValidUntil', { time: i18n.clock(Date.parse(card.expires_at)) })}</p>`
    : card?.error ? html`<p class="alert" role="alert" data-test="card-error">${card.error}</p>`
    : html`<p class="muted">${i18n.t('syncing')}</p>`}
    <p class="muted">${i18n.t('cardHowTo')}</p>
  </section>`;
}
