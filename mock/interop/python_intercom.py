# python-intercom 3.1.0 (Intercom's own 1.x client), unmodified, against `intercom mock`.
#
# Not run by CI (it needs PyPI). By hand:
#   python3 -m venv /tmp/pyenv && /tmp/pyenv/bin/pip install python-intercom==3.1.0
#   cargo run -q -p intercom-cli -- mock --port 4011 &
#   /tmp/pyenv/bin/python mock/interop/python_intercom.py http://127.0.0.1:4011
#
# Each call uses the identifiers the seed connector covers. Last run (2026-12-02): 42 of 45 calls
# succeed; the other three fail inside the client itself: `companies.find_all(type="user")` gets
# the user list the API returns but looks for `companies` in it, `conversations.mark_read` PUTs
# to `/conversations/{id}/reply` (the API marks read with `PUT /conversations/{id}`), and
# `subscriptions.all` looks for `subscriptions` where the API answers `items`.

import sys, traceback
from intercom.client import Client

c = Client(personal_access_token='tok_python')
c.base_url = sys.argv[1]
ok, bad = 0, []
def call(name, f):
    global ok
    try:
        r = f()
        if hasattr(r, '__iter__') and not isinstance(r, (dict, str)):
            r = list(r)[:3]
        ok += 1
    except Exception as e:
        bad.append((name, repr(e)[:200]))

call('users.create', lambda: c.users.create(email='ada@example.com', name='Ada'))
call('users.create user_id', lambda: c.users.create(user_id='25', custom_attributes={'plan': 'pro'}))
call('users.find id', lambda: c.users.find(id='5714dd359a3fd47136000001'))
call('users.find email', lambda: c.users.find(email='ada@example.com'))
call('users.find user_id', lambda: c.users.find(user_id='25'))
call('users.all', lambda: c.users.all())
call('users.find_all tag', lambda: c.users.find_all(tag_id='12'))
call('users.find_all segment', lambda: c.users.find_all(segment_id='5'))
call('users.scroll', lambda: c.users.scroll())
def delete_user():
    u = c.users.find(id='5714dd359a3fd47136000001')
    return c.users.delete(u)
call('users.delete', delete_user)
def save_user():
    u = c.users.find(email='ada@example.com')
    u.name = 'Ada L'
    return c.users.save(u)
call('users.save', save_user)
call('leads.create', lambda: c.leads.create(email='lead@example.com'))
call('leads.all', lambda: c.leads.all())
call('leads.find id', lambda: c.leads.find(id='5811f3a2b0b5dba0b0c3e3a1'))
call('leads.find_all email', lambda: c.leads.find_all(email='lead@example.com'))
def delete_lead():
    l = c.leads.find(id='5811f3a2b0b5dba0b0c3e3a1')
    return c.leads.delete(l)
call('leads.delete', delete_lead)
call('companies.create', lambda: c.companies.create(company_id='acme', name='Acme'))
call('companies.all', lambda: c.companies.all())
call('companies.find company_id', lambda: c.companies.find(company_id='acme'))
call('companies.find_all tag', lambda: c.companies.find_all(tag_id='12'))
call('companies.find_all users', lambda: c.companies.find_all(company_id='acme', type='user'))
call('admins.all', lambda: c.admins.all())
call('tags.all', lambda: c.tags.all())
call('tags.tag users', lambda: c.tags.tag(name='vip', users=[{'id': 'u1'}]))
call('tags.untag users', lambda: c.tags.untag(name='vip', users=[{'id': 'u1'}]))
call('tags.tag companies', lambda: c.tags.tag(name='vip', companies=[{'id': 'c1'}]))
call('tags.create', lambda: c.tags.create(name='vip'))
call('segments.all', lambda: c.segments.all())
call('segments.find', lambda: c.segments.find(id='5'))
call('notes.create', lambda: c.notes.create(body='Hi', user={'email': 'ada@example.com'}))
call('notes.find_all', lambda: c.notes.find_all(email='ada@example.com'))
call('notes.find', lambda: c.notes.find(id='17'))
call('events.create', lambda: c.events.create(event_name='ordered', created_at=1500000000, user_id='25'))
call('events.find_all', lambda: c.events.find_all(type='user', user_id='25'))
call('counts.for_app', lambda: c.counts.for_app())
call('counts.for_type company user', lambda: c.counts.for_type(type='company', count='user'))
call('counts.for_type conversation', lambda: c.counts.for_type(type='conversation'))
call('messages.create', lambda: c.messages.create(message_type='inapp', body='Hi', **{'from': {'type': 'admin', 'id': '7'}, 'to': {'type': 'user', 'id': 'u1'}}))
call('conversations.find_all', lambda: c.conversations.find_all(type='admin', admin_id='7'))
call('conversations.find', lambda: c.conversations.find(id='147'))
call('conversations.reply', lambda: c.conversations.reply(id='147', type='user', message_type='comment', body='hi', email='ada@example.com'))
call('conversations.mark_read', lambda: c.conversations.mark_read('147'))
call('subscriptions.all', lambda: c.subscriptions.all())
call('jobs.find', lambda: c.jobs.find(id='job_1'))
call('jobs.errors', lambda: c.jobs.errors(id='job_1'))

print("ok", ok, "failed", len(bad))
for b in bad:
    print("  ", b)
