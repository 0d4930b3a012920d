// intercom-client 2.11.2 (Intercom's own 1.x Node client), unmodified, against `intercom mock`.
//
// One call per client method and request shape that reaches an operation of the manifest: each
// route of an operation the client can take (a user by id, user_id or email, …), with the
// arguments of Intercom's 1.x documentation, and the `type` the API answers (`type: null` where it
// answers none, or no body: then any 2xx answer will do). Left out, as no operation of the
// manifest has them: `admins.away`, `companies.find({ id | name })`, `companies.listUsers({ id })`,
// `users.requestPermanentDeletion*`, `customers.search`; and the client has no subscriptions or
// job methods, nor a bulk for leads.
//
// The calls go through a small proxy in this script, which keeps every request sent and its
// answer: a failure is printed with the requests of its call (method, path and query, body) and
// what the mock answered (status, the first 200 characters of the body).
//
// Not run by CI (it needs npm). By hand:
//   mkdir -p /tmp/node1 && (cd /tmp/node1 && npm init -y && npm install intercom-client@2.11.2)
//   cargo run -q -p intercom-cli -- mock --port 4030 &
//   node mock/interop/node_intercom_v1.js http://127.0.0.1:4030 [/tmp/node1/node_modules]
// With VERBOSE=1 it prints every call's requests and answers, not only the failures'.
//
// Last run (2026-12-06, against `intercom mock`, which remembers): 105 of 106 calls answered.
// The other one is the client's: `visitors.update` POSTs to `/visitors`, where the API updates a
// visitor with `PUT /visitors` (404 `no operation answers POST /visitors`). Before #20 it was 93
// of 106: the seven typed counts answered the app totals (`count.hash`), `conversations.find`
// sends `?id=147` (refused as an unknown query parameter), a numeric `admin_id` was refused, and
// an event naming its user by `email` or `id` was refused.

'use strict';

const http = require('http');
const path = require('path');

const [baseUrl, modules = '/tmp/node1/node_modules'] = process.argv.slice(2);
if (!baseUrl) {
    console.error('usage: node node_intercom_v1.js <base-url> [<node_modules dir>]');
    process.exit(2);
}
const Intercom = require(path.resolve(modules, 'intercom-client'));

// Identifiers of the mock's example records (mock/mock-data), and of records the calls create.
const USER = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const LEAD = '5811f3a2b0b5dba0b0c3e3a1';
const LEAD_USER_ID = '8a88a590-e1c3-41e2-a502-e0649dbf721c';
const VISITOR = '5b69565fa737210d1c2127f1';
const VISITOR_USER_ID = '6a347bc9-0b96-4925-bbbc-1f8b11f94c50';
const TAG = '17513';
const SEGMENT = '53203e244cba153d39000062';
const ADMIN = '25';
const CONVERSATION = '147';

const scrollAll = (scroll) => scroll.each({}, () => {});
// Records a call creates, for the calls that convert or delete them (the mock remembers: a
// record converted or deleted is no longer found, by this run or the next).
const keep = (ctx, key) => (res) => {
    ctx[key] = res && res.body;
    return res;
};
const of = (record, member, otherwise) => (record && record[member]) || otherwise;
const counted = (member, key, kind) => (body) => {
    const value = body && body[member] && body[member][key];
    if (kind === 'list' ? Array.isArray(value) : typeof value === 'number') return null;
    return `no ${member}.${key} ${kind === 'list' ? 'list' : 'number'} in the answer`;
};

const CALLS = [
    // companies (lib/company.js)
    { name: 'companies.create', type: 'company',
      call: (c) => c.companies.create({
          company_id: 'acme', name: 'Acme', monthly_spend: 49, plan: 'pro', custom_attributes: { size: 12 },
      }) },
    { name: 'companies.update', type: 'company', call: (c) => c.companies.update({ company_id: 'acme', plan: 'team' }) },
    { name: 'companies.list', type: 'company.list', call: (c) => c.companies.list() },
    { name: 'companies.listBy page', type: 'company.list',
      call: (c) => c.companies.listBy({ page: 1, per_page: 5, order: 'asc' }) },
    { name: 'companies.listBy tag_id', type: 'company.list', call: (c) => c.companies.listBy({ tag_id: TAG }) },
    { name: 'companies.listBy segment_id', type: 'company.list', call: (c) => c.companies.listBy({ segment_id: SEGMENT }) },
    { name: 'companies.find company_id', type: 'company', call: (c) => c.companies.find({ company_id: 'acme' }) },
    { name: 'companies.listUsers company_id', type: 'user.list', call: (c) => c.companies.listUsers({ company_id: 'acme' }) },
    { name: 'companies.scroll.each', type: 'company.list', call: (c) => scrollAll(c.companies.scroll) },

    // users (lib/user.js)
    { name: 'users.create email', type: 'user',
      call: (c) => c.users.create({
          email: 'ada@example.com', name: 'Ada', phone: '+1 555 0100', last_seen_ip: '1.2.3.4',
          last_seen_user_agent: 'Mozilla/5.0', custom_attributes: { plan: 'pro' },
      }) },
    { name: 'users.create user_id', type: 'user',
      call: (c) => c.users.create({
          user_id: '25', email: 'grace@example.com', companies: [{ company_id: 'acme', name: 'Acme' }],
          last_request_at: 1500000000, update_last_request_at: true, new_session: true,
      }) },
    { name: 'users.create email only', type: 'user',
      call: (c, ctx) => c.users.create({ email: 'joan@example.com' }).then(keep(ctx, 'joan')) },
    { name: 'users.update email', type: 'user', call: (c) => c.users.update({ email: 'ada@example.com', name: 'Ada L' }) },
    { name: 'users.update user_id', type: 'user',
      call: (c) => c.users.update({ user_id: '25', custom_attributes: { plan: 'team' } }) },
    { name: 'users.list', type: 'user.list', call: (c) => c.users.list() },
    { name: 'users.listBy page', type: 'user.list',
      call: (c) => c.users.listBy({ page: 1, per_page: 10, order: 'desc', sort: 'created_at', created_since: 30 }) },
    { name: 'users.listBy tag_id', type: 'user.list', call: (c) => c.users.listBy({ tag_id: TAG }) },
    { name: 'users.listBy segment_id', type: 'user.list', call: (c) => c.users.listBy({ segment_id: SEGMENT }) },
    { name: 'users.find id', type: 'user', call: (c) => c.users.find({ id: USER }) },
    { name: 'users.find user_id', type: 'user', call: (c) => c.users.find({ user_id: '25' }) },
    { name: 'users.find email', type: 'user', call: (c) => c.users.find({ email: 'ada@example.com' }) },
    { name: 'users.scroll.each', type: 'user.list', call: (c) => scrollAll(c.users.scroll) },
    { name: 'users.bulk', type: null,
      call: (c) => c.users.bulk([
          { create: { user_id: '26', email: 'lin@example.com' } },
          { delete: { user_id: '27' } },
      ]) },

    // leads (lib/contact.js, as client.leads and client.contacts)
    { name: 'leads.create', type: 'contact', call: (c, ctx) => c.leads.create().then(keep(ctx, 'leadA')) },
    { name: 'leads.create with fields', type: 'contact',
      call: (c, ctx) => c.leads.create({
          email: 'lead@example.com', name: 'Lea', phone: '+1 555 0101', last_seen_ip: '1.2.3.5',
          custom_attributes: { source: 'ad' }, companies: [{ company_id: 'acme' }],
      }).then(keep(ctx, 'leadB')) },
    { name: 'contacts.create', type: 'contact',
      call: (c, ctx) => c.contacts.create({ name: 'Cy' }).then(keep(ctx, 'leadC')) },
    { name: 'contacts.create email', type: 'contact',
      call: (c, ctx) => c.contacts.create({ email: 'dee@example.com' }).then(keep(ctx, 'leadD')) },
    { name: 'leads.update user_id', type: 'contact',
      call: (c, ctx) => c.leads.update({ user_id: of(ctx.leadA, 'user_id', LEAD_USER_ID), name: 'Lea D' }) },
    { name: 'leads.list', type: 'contact.list', call: (c) => c.leads.list() },
    { name: 'contacts.listBy email', type: 'contact.list', call: (c) => c.contacts.listBy({ email: 'lead@example.com' }) },
    { name: 'leads.find id', type: 'contact', call: (c, ctx) => c.leads.find({ id: of(ctx.leadA, 'id', LEAD) }) },
    { name: 'leads.find user_id', type: 'contact',
      call: (c, ctx) => c.leads.find({ user_id: of(ctx.leadA, 'user_id', LEAD_USER_ID) }) },
    { name: 'leads.scroll.each', type: 'contact.list', call: (c) => scrollAll(c.leads.scroll) },

    // admins (lib/admin.js)
    { name: 'admins.list', type: 'admin.list', call: (c) => c.admins.list() },
    { name: 'admins.me', type: 'admin', call: (c) => c.admins.me() },
    { name: 'admins.find', type: 'admin', call: (c) => c.admins.find(ADMIN) },

    // tags (lib/tag.js)
    { name: 'tags.create', type: 'tag', call: (c, ctx) => c.tags.create({ name: 'vip' }).then(keep(ctx, 'tag')) },
    { name: 'tags.create id (update)', type: 'tag', call: (c) => c.tags.create({ id: TAG, name: 'independents' }) },
    { name: 'tags.tag users id, user_id', type: 'tag',
      call: (c) => c.tags.tag({ name: 'vip', users: [{ id: USER }, { user_id: '25' }] }) },
    { name: 'tags.tag users email', type: 'tag', call: (c) => c.tags.tag({ name: 'vip', users: [{ email: 'ada@example.com' }] }) },
    { name: 'tags.untag users', type: 'tag', call: (c) => c.tags.untag({ name: 'vip', users: [{ user_id: '25' }] }) },
    { name: 'tags.tag companies', type: 'tag',
      call: (c) => c.tags.tag({ name: 'vip', companies: [{ company_id: 'acme' }] }) },
    { name: 'tags.untag companies', type: 'tag',
      call: (c) => c.tags.untag({ name: 'vip', companies: [{ company_id: 'acme' }] }) },
    { name: 'tags.list', type: 'tag.list', call: (c) => c.tags.list() },

    // segments (lib/segment.js)
    { name: 'segments.list', type: 'segment.list', call: (c) => c.segments.list() },
    { name: 'segments.find', type: 'segment', call: (c) => c.segments.find({ id: SEGMENT }) },

    // notes (lib/note.js)
    { name: 'notes.create user id', type: 'note',
      call: (c) => c.notes.create({ admin_id: ADMIN, body: 'Text for my note', user: { id: USER } }) },
    { name: 'notes.create user user_id', type: 'note',
      call: (c) => c.notes.create({ admin_id: ADMIN, body: 'Text for my note', user: { user_id: '25' } }) },
    { name: 'notes.create user email', type: 'note',
      call: (c) => c.notes.create({ body: 'Text for my note', user: { email: 'ada@example.com' } }) },
    { name: 'notes.create numeric admin_id', type: 'note',
      call: (c) => c.notes.create({ admin_id: 21, body: 'Text for my note', user: { id: USER } }) },
    { name: 'notes.list id', type: 'note.list', call: (c) => c.notes.list({ id: USER }) },
    { name: 'notes.list user_id', type: 'note.list', call: (c) => c.notes.list({ user_id: '25' }) },
    { name: 'notes.list email', type: 'note.list', call: (c) => c.notes.list({ email: 'ada@example.com' }) },
    { name: 'notes.find', type: 'note', call: (c) => c.notes.find({ id: '16' }) },

    // events (lib/event.js)
    { name: 'events.create user_id', type: null,
      call: (c) => c.events.create({
          event_name: 'placed-order', created_at: 1500000000, user_id: '25',
          metadata: { order_date: 1392036272, stripe_invoice: 'inv_3434343434' },
      }) },
    { name: 'events.create email', type: null,
      call: (c) => c.events.create({ event_name: 'placed-order', created_at: 1500000000, email: 'ada@example.com' }) },
    { name: 'events.create id', type: null,
      call: (c) => c.events.create({ event_name: 'placed-order', created_at: 1500000000, id: USER }) },
    { name: 'events.listBy user_id', type: 'event.list', call: (c) => c.events.listBy({ type: 'user', user_id: '25' }) },
    { name: 'events.listBy summary', type: 'event.summary',
      call: (c) => c.events.listBy({ type: 'user', user_id: '25', summary: true }) },
    { name: 'events.bulk', type: null,
      call: (c) => c.events.bulk([
          { create: { event_name: 'ordered', created_at: 1500000000, user_id: '25' } },
          { create: { event_name: 'invited', created_at: 1500000100, user_id: '26' } },
      ]) },

    // counts (lib/counts.js): app totals are a `count.hash`, the others a `count` of one member
    { name: 'counts.appCounts', type: 'count.hash', check: counted('user', 'count', 'number'),
      call: (c) => c.counts.appCounts() },
    { name: 'counts.conversationCounts', type: 'count', check: counted('conversation', 'open', 'number'),
      call: (c) => c.counts.conversationCounts() },
    { name: 'counts.conversationAdminCounts', type: 'count', check: counted('conversation', 'admin', 'list'),
      call: (c) => c.counts.conversationAdminCounts() },
    { name: 'counts.userTagCounts', type: 'count', check: counted('user', 'tag', 'list'),
      call: (c) => c.counts.userTagCounts() },
    { name: 'counts.userSegmentCounts', type: 'count', check: counted('user', 'segment', 'list'),
      call: (c) => c.counts.userSegmentCounts() },
    { name: 'counts.companyTagCounts', type: 'count', check: counted('company', 'tag', 'list'),
      call: (c) => c.counts.companyTagCounts() },
    { name: 'counts.companySegmentCounts', type: 'count', check: counted('company', 'segment', 'list'),
      call: (c) => c.counts.companySegmentCounts() },
    { name: 'counts.companyUserCounts', type: 'count', check: counted('company', 'user', 'list'),
      call: (c) => c.counts.companyUserCounts() },

    // messages (lib/message.js)
    { name: 'messages.create admin to user id', type: 'admin_message',
      call: (c) => c.messages.create({
          message_type: 'inapp', body: 'Hey there', from: { type: 'admin', id: ADMIN }, to: { type: 'user', id: USER },
      }) },
    { name: 'messages.create admin to user user_id', type: 'admin_message',
      call: (c) => c.messages.create({
          message_type: 'inapp', body: 'Hey there', from: { type: 'admin', id: ADMIN }, to: { type: 'user', user_id: '25' },
      }) },
    { name: 'messages.create admin email to user email', type: 'admin_message',
      call: (c) => c.messages.create({
          message_type: 'email', subject: 'Hey', body: 'Ponies, cute small horses or something more sinister?',
          template: 'plain', from: { type: 'admin', id: ADMIN }, to: { type: 'user', email: 'ada@example.com' },
      }) },
    { name: 'messages.create admin to contact', type: 'admin_message',
      call: (c) => c.messages.create({
          message_type: 'inapp', body: 'Hey there', from: { type: 'admin', id: ADMIN }, to: { type: 'contact', id: LEAD },
      }) },
    { name: 'messages.create from user id', type: 'user_message',
      call: (c) => c.messages.create({ from: { type: 'user', id: USER }, body: 'Howdy' }) },
    { name: 'messages.create from user user_id', type: 'user_message',
      call: (c) => c.messages.create({ from: { type: 'user', user_id: '25' }, body: 'Howdy' }) },
    { name: 'messages.create from user email', type: 'user_message',
      call: (c) => c.messages.create({ from: { type: 'user', email: 'ada@example.com' }, body: 'Howdy' }) },
    { name: 'messages.create from contact id', type: 'user_message',
      call: (c) => c.messages.create({ from: { type: 'contact', id: LEAD }, body: 'Howdy' }) },
    { name: 'messages.create from contact user_id', type: 'user_message',
      call: (c) => c.messages.create({ from: { type: 'contact', user_id: LEAD_USER_ID }, body: 'Howdy' }) },

    // conversations (lib/conversation.js)
    { name: 'conversations.list', type: 'conversation.list', call: (c) => c.conversations.list({}) },
    { name: 'conversations.list admin', type: 'conversation.list',
      call: (c) => c.conversations.list({ type: 'admin', admin_id: ADMIN, open: true }) },
    { name: 'conversations.list user intercom_user_id', type: 'conversation.list',
      call: (c) => c.conversations.list({ type: 'user', intercom_user_id: USER }) },
    { name: 'conversations.list user user_id', type: 'conversation.list',
      call: (c) => c.conversations.list({ type: 'user', user_id: '25' }) },
    { name: 'conversations.list user email', type: 'conversation.list',
      call: (c) => c.conversations.list({ type: 'user', email: 'ada@example.com' }) },
    { name: 'conversations.find', type: 'conversation', call: (c) => c.conversations.find({ id: CONVERSATION }) },
    { name: 'conversations.find display_as', type: 'conversation',
      call: (c) => c.conversations.find({ id: CONVERSATION, display_as: 'plaintext' }) },
    { name: 'conversations.reply user intercom_user_id', type: 'conversation',
      call: (c) => c.conversations.reply({
          id: CONVERSATION, type: 'user', message_type: 'comment', body: 'Thanks again :)', intercom_user_id: USER,
      }) },
    { name: 'conversations.reply user user_id', type: 'conversation',
      call: (c) => c.conversations.reply({
          id: CONVERSATION, type: 'user', message_type: 'comment', body: 'Thanks again :)', user_id: '25',
          attachment_urls: ['https://example.com/a.png'],
      }) },
    { name: 'conversations.reply user email', type: 'conversation',
      call: (c) => c.conversations.reply({
          id: CONVERSATION, type: 'user', message_type: 'comment', body: 'Thanks again :)', email: 'ada@example.com',
      }) },
    { name: 'conversations.reply admin', type: 'conversation',
      call: (c) => c.conversations.reply({
          id: CONVERSATION, type: 'admin', admin_id: ADMIN, message_type: 'comment', body: 'Anytime!',
      }) },
    { name: 'conversations.reply last', type: 'conversation',
      call: (c) => c.conversations.reply({
          id: 'last', type: 'admin', admin_id: ADMIN, message_type: 'comment', body: 'Anytime!', intercom_user_id: USER,
      }) },
    { name: 'conversations.reply close', type: 'conversation',
      call: (c) => c.conversations.reply({ id: CONVERSATION, type: 'admin', admin_id: ADMIN, message_type: 'close' }) },
    { name: 'conversations.markAsRead', type: 'conversation', call: (c) => c.conversations.markAsRead({ id: CONVERSATION }) },

    // visitors (lib/visitor.js)
    { name: 'visitors.find id', type: 'visitor', call: (c) => c.visitors.find({ id: VISITOR }) },
    { name: 'visitors.find user_id', type: 'visitor', call: (c) => c.visitors.find({ user_id: VISITOR_USER_ID }) },
    { name: 'visitors.update', type: 'visitor',
      call: (c) => c.visitors.update({ user_id: VISITOR_USER_ID, name: 'A Visitor', custom_attributes: { paid: true } }) },
    { name: 'visitors.convert user_id', type: 'contact',
      call: (c) => c.visitors.convert({ visitor: { user_id: VISITOR_USER_ID }, type: 'lead' }) },
    { name: 'visitors.convert id', type: 'contact',
      call: (c) => c.visitors.convert({ visitor: { id: VISITOR }, type: 'lead' }) },
    { name: 'visitors.convert email', type: 'contact',
      call: (c) => c.visitors.convert({ visitor: { email: 'visitor@example.com' }, type: 'lead' }) },

    // conversions and deletes last: what they remove is no longer found
    { name: 'leads.convert contact user_id', type: 'user',
      call: (c, ctx) => c.leads.convert({
          contact: { user_id: of(ctx.leadC, 'user_id', LEAD_USER_ID) }, user: { email: 'winston@example.com' },
      }) },
    { name: 'leads.convert contact id', type: 'user',
      call: (c, ctx) => c.leads.convert({ contact: { id: of(ctx.leadD, 'id', LEAD) }, user: { user_id: '25' } }) },
    { name: 'leads.convert contact email', type: 'user',
      call: (c) => c.leads.convert({ contact: { email: 'lead@example.com' } }) },
    { name: 'leads.delete', type: 'contact', call: (c, ctx) => c.leads.delete({ id: of(ctx.leadA, 'id', LEAD) }) },
    { name: 'visitors.delete', type: 'visitor', call: (c) => c.visitors.delete({ id: VISITOR }) },
    { name: 'tags.delete', type: null, call: (c, ctx) => c.tags.delete({ id: of(ctx.tag, 'id', TAG) }) },
    { name: 'users.archive email', type: 'user', call: (c) => c.users.archive({ email: 'ada@example.com' }) },
    { name: 'users.archive user_id', type: 'user', call: (c) => c.users.archive({ user_id: '25' }) },
    { name: 'users.archive id', type: 'user', call: (c, ctx) => c.users.archive({ id: of(ctx.joan, 'id', USER) }) },
];

// The proxy: forwards to the mock and keeps what each call sent and got.
const target = new URL(baseUrl);
const prefix = target.pathname.replace(/\/$/, '');
const exchanges = [];
const proxy = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (d) => chunks.push(d));
    req.on('end', () => {
        const sent = Buffer.concat(chunks).toString('utf8');
        const headers = { ...req.headers, host: target.host };
        const out = http.request({
            hostname: target.hostname, port: target.port || 80, method: req.method, path: prefix + req.url, headers,
        }, (answer) => {
            const got = [];
            answer.on('data', (d) => got.push(d));
            answer.on('end', () => {
                const body = Buffer.concat(got);
                exchanges.push({ method: req.method, url: req.url, sent, status: answer.statusCode, body: body.toString('utf8') });
                res.writeHead(answer.statusCode, answer.headers);
                res.end(body);
            });
        });
        out.on('error', (e) => {
            exchanges.push({ method: req.method, url: req.url, sent, status: 0, body: String(e.message) });
            res.writeHead(502);
            res.end();
        });
        out.end(sent);
    });
});

function typeOf(text) {
    try {
        const body = JSON.parse(text);
        return { body, type: body && typeof body === 'object' && !Array.isArray(body) ? body.type : undefined };
    } catch (_) {
        return { body: undefined, type: undefined };
    }
}

// Why a call's exchange is not the answer expected, or null.
function judge(x, { type, check }) {
    if (x.status < 200 || x.status > 299) return `HTTP ${x.status}`;
    const { body, type: got } = typeOf(x.body);
    if (type !== null && got !== undefined && got !== type) return `type ${JSON.stringify(got)}, expected ${JSON.stringify(type)}`;
    if (check) {
        const why = check(body);
        if (why) return `${why} (type ${JSON.stringify(got)})`;
    }
    return null;
}

async function main() {
    await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const client = new Intercom.Client({ token: 'tok_node' }).usePromises();
    client.useRequestOpts({ baseUrl: `http://127.0.0.1:${proxy.address().port}`, timeout: 10000 });

    const ctx = {};
    let ok = 0;
    const bad = [];
    for (const entry of CALLS) {
        const first = exchanges.length;
        let error = null;
        try {
            await entry.call(client, ctx);
        } catch (e) {
            error = e;
        }
        const mine = exchanges.slice(first);
        const why = mine.map((x) => judge(x, entry)).find((w) => w) ||
            (mine.length === 0 ? 'no request sent' : null) ||
            (error ? `client error: ${String(error.message || error).slice(0, 200)}` : null);
        if (why) bad.push({ name: entry.name, why, mine });
        else ok++;
        if (process.env.VERBOSE) {
            console.log(`${why ? 'FAIL' : 'ok  '} ${entry.name}`);
            for (const x of mine) console.log(`  > ${x.method} ${x.url}${x.sent ? ` ${x.sent}` : ''}\n  < ${x.status} ${x.body.replace(/\s+/g, ' ').slice(0, 120)}`);
        }
    }
    proxy.close();

    console.log(`${ok} of ${CALLS.length} calls answered`);
    for (const { name, why, mine } of bad) {
        console.log(`\n${name}: ${why}`);
        for (const x of mine) {
            console.log(`  > ${x.method} ${x.url}${x.sent ? ` ${x.sent}` : ''}`);
            console.log(`  < ${x.status} ${x.body.replace(/\s+/g, ' ').slice(0, 200)}`);
        }
    }
    process.exit(bad.length ? 1 : 0);
}

main().catch((e) => {
    console.error(e);
    process.exit(2);
});
