// Package demo generates realistic, labeled logs of a European online
// retailer in the week after a customer-data breach, for `quarry demo`, the
// detection tests and the benchmarks.
//
// Everything is deterministic: every part of the data draws from its own
// stream of a seeded math/rand/v2 PCG, time comes from [Config.Start], and
// the same [Config] always yields byte-identical files. [Generate] writes one
// folder:
//
//   - signinlogs.ndjson: Entra ID interactive sign-ins in the Log Analytics
//     SigninLogs export shape (ResultType a string, nested LocationDetails,
//     DeviceDetail, Status, ConditionalAccessPolicies, AuthenticationDetails
//     as JSON text), tenant contoso-retail.eu.
//   - auth.log: sshd lines of three servers collected by rsyslog (RFC 3164
//     timestamps, no year: the data must stay in one calendar year).
//   - access.log: the shop's nginx "combined" log.
//   - transfers.csv: timestamp,user_id,bytes_transferred export events.
//   - labels.json: the [Labels].
//
// # Cast
//
// Employees (default 2000) live in 13 European countries (38% Germany). 80%
// of those in Germany, France, the Netherlands, Spain and Poland work from an
// office whose traffic leaves through a corporate NAT (two in Hamburg, one in
// each other office); the rest work from home, 60% of them through the
// corporate VPN (two egress addresses at a hosting provider). Each has a home
// address, a phone address, a laptop and a phone user agent. On workdays an
// employee signs in when work starts (07:00-09:30 local) and now and then
// again; on weekends rarely. Sign-ins outside trusted networks need MFA (30%
// show a 50074 interrupt first, a few a denied push 500121); 2-10% of
// sign-ins start with 1-3 mistyped passwords (50126) from the usual address
// (three times as many on Monday mornings, when the office NATs see bursts
// of failures for several distinct accounts);
// some show a keep-me-signed-in interrupt (50140) or an expired password
// (50055). Benign oddities: 3% of employees travel (new country, 50076, then
// success); two phones retry a stale password over Exchange ActiveSync every
// 15-30 minutes from one address until fixed on the Friday; three disabled
// accounts' old phones still try (50057); a synthetic monitor signs in every
// 15 minutes from a hosting address with a headless browser. The sshd log has
// an internal check every 5 minutes per server, deployments by a CI runner,
// admins on the bastion, and internet scanners making 1-3 attempts each
// (labelled as noise). The shop log has customer sessions with evening peaks
// (22% log in; 8% of those mistype first), four crawlers, and an uptime
// monitor with a synthetic login every 10 minutes.
//
// # Campaigns
//
// Campaigns run in the last seven days of the data (Config.Days >= 7; with
// the default start, Monday 2 to Sunday 8 November 2026); day numbers below
// count from the first of those days. E is Config.Employees.
//
//	C01 password_spray, signinlogs, day 1 02:10, ~40 min: one DigitalOcean
//	    address, E*3/40 accounts (150), password 1 on all, password 2 on 60%,
//	    ROPC with python-requests; 50126, two 50053, one success, the attacker
//	    back 3-4 h later (compromised: 1).
//	C02 credential_stuffing, signinlogs, day 2 13:05, ~2 h: one M247 address,
//	    combo list of E/5 names (400), 60% not in the tenant (50034), each
//	    tried 1-2 times; two successes (compromised), two correct passwords
//	    stopped by MFA (50074, not compromised).
//	C03 credential_stuffing, access.log, day 2 19:00, 90 min: one OVH
//	    address, customers/5 POSTs (600) to /account/login, 1 in 67 answered
//	    200 (then GET /account/orders), the rest 401.
//	C04 credential_stuffing, auth.log, day 2 21:10, 75 min: one address,
//	    E/8 user names (250) on shop-web01, one connection each, 1-2
//	    passwords, mostly "Invalid user"; backup succeeds (compromised).
//	C05 distributed_credential_stuffing, signinlogs, days 3-5, ~66 h: a
//	    residential proxy pool of clamp(E*9/40, 300, 600) addresses (450) in
//	    34 countries, each making 1-3 attempts within minutes and never
//	    returning; E*2/5 names (800, 65% not in the tenant), 1-2 tries each;
//	    four shared user agents; 1% of the names (8) compromised: their last
//	    attempt succeeds and a later sign-in comes from another pool address.
//	C06 distributed_credential_stuffing, access.log, day 3 06:00 + 60 h:
//	    clamp(customers/7, 300, 600) proxy addresses (428), 1-3 POSTs each,
//	    three shared user agents, 1 in 97 answered 200.
//	C07 brute_force, signinlogs, day 5 20:03, 1 h: one Vultr address, one
//	    account, 200 failures over legacy authentication (BAV2ROPC; 50126 and
//	    smart-lockout 50053), then success (compromised).
//	C08 brute_force, auth.log, day 6 01:07, 2.5 h: one address, 100
//	    connections to shop-web02 of six passwords each for root (80%) or the
//	    non-existent admin, ended by MaxAuthTries; no success.
//	C09 bulk_export, transfers.csv, day 3 17:00, 4 h: an ordinary employee
//	    (~18 MB per event in working hours) exports ~30x that per hour, far
//	    less than the ETL accounts.
//	C10 bulk_export, transfers.csv, day 5 01:12, 3 h: a never-seen vendor
//	    service account (svc-vendor-nordlogix) exports ~12 GB per hour.
//
// Three ETL accounts (svc-etl-*) export 5-9 GB every hour, day and night: a
// per-account baseline finds them normal, while a global z-score over all
// user-hours flags them hundreds of times and misses the insider.
//
// Every address comes from one allocator that never hands out an address
// twice, so attacker, benign and noise addresses cannot collide; every
// compromised account has its attacker success row, listed in
// [Campaign.Successes].
package demo
