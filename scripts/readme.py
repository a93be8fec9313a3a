#!/usr/bin/env python3
"""Regenerates README.md: the prose below, with every command run for real against a fresh
ledger (fixed clock, isolated git configuration) and its actual output pasted in.

    swift build && python3 scripts/readme.py
"""
import os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
EVIDENT = os.path.join(BIN, "evident")
WORK = tempfile.mkdtemp(prefix="evident-readme-")
HOME = os.path.join(WORK, "home")
os.makedirs(HOME)
ENV = {
    "PATH": BIN + ":" + os.environ.get("PATH", "/usr/bin:/bin"), "HOME": HOME, "XDG_CONFIG_HOME": HOME,
    "GIT_CONFIG_NOSYSTEM": "1", "EVIDENT_GIT_CONFIG_SEARCH_PATH": HOME, "NO_COLOR": "1", "LANG": "C.UTF-8",
    "EVIDENT_NOW": "2026-11-29T09:30:00Z", "EVIDENT_ID_SEED": "7", "EVIDENT_AUTHOR_NAME": "Jane Doe", "EVIDENT_AUTHOR_EMAIL": "jane.doe@acme-defense.example",
    "GIT_AUTHOR_NAME": "Jane Doe", "GIT_AUTHOR_EMAIL": "jane.doe@acme-defense.example",
    "GIT_COMMITTER_NAME": "Jane Doe", "GIT_COMMITTER_EMAIL": "jane.doe@acme-defense.example",
}
CWD = WORK
SUBST = {}
# The walkthrough uses a few scratch files under /tmp: start from none.
shutil.rmtree("/tmp/evident-bench-ledger", ignore_errors=True)
for stale in ["/tmp/jane-key", "/tmp/jane-key.pub", "/tmp/controls.csv", "/tmp/okta-mfa.json", "/tmp/link", "/tmp/compliance.ics", "/tmp/ci.env"]:
    if os.path.lexists(stale):
        os.remove(stale)
for stale in ["/tmp/northwind-2026-11.zip", "/tmp/northwind-2026-11-soc2.zip"]:
    if os.path.lexists(stale):
        os.remove(stale)
if os.path.lexists("/tmp/enclave-users.csv"):
    os.remove("/tmp/enclave-users.csv")
for stale_dir in ["/tmp/hashes", "/tmp/dod", "/tmp/wp", "/tmp/oscal", "/tmp/report", "/tmp/bundle-check"]:
    shutil.rmtree(stale_dir, ignore_errors=True)


def run(cmd, max_lines=40, show=True):
    """Runs a shell command in the walkthrough's directory; returns a console block."""
    global CWD
    display = cmd
    for k, v in SUBST.items():
        cmd = cmd.replace(k, v)
    p = subprocess.run(["bash", "-c", cmd], cwd=CWD, env=ENV, capture_output=True, text=True)
    out = (p.stdout + p.stderr).replace(WORK, "/home/jane")
    lines = out.rstrip("\n").split("\n") if out.strip() else []
    if len(lines) > max_lines:
        lines = lines[:max_lines] + [f"... ({len(lines) - max_lines} more lines)"]
    if p.returncode != 0:
        lines.append(f"[exit {p.returncode}]")
    for k, v in SUBST.items():
        display = display.replace(k, v)
    text = "```console\n$ " + display + ("\n" + "\n".join(lines) if lines else "") + "\n```\n"
    return text if show else ""


def last_id(cmd):
    p = subprocess.run(["bash", "-c", cmd], cwd=CWD, env=ENV, capture_output=True, text=True)
    return p.stdout.strip().split("\n")[-1]


parts = []
P = parts.append

P("""# evident

evident is a git-backed evidence ledger for organisations that must prove the same security controls
to the DoD (CMMC, built on NIST SP 800-171 r2) and to their SaaS customers (SOC 2): one control
library tagged with every framework's requirements, evidence committed from the command line or CI,
and readiness (SPRS score, CMMC Conditional/Final status, SOC 2 Type 1 and Type 2 coverage) computed
at any commit, snapshotted per assessment cycle and compared between periods.

```sh
make demo    # installs what is missing (libgit2-dev, pkg-config ...), builds, runs evident on a demo ledger
make test    # same set-up, then the whole test suite
```

`make install` puts the binary in `/usr/local/bin` (`PREFIX=...` to change). The ledger is a plain git repository: clone it, push it to any git server,
read its history with `git log`. Exit codes never change meaning: 0 ok, 1 unexpected failure, 2 a gate
not met (validation or verification findings, `--min-score`, `diff --exit-code`), 64 usage, 65 bad record
or input, 66 not found, 75 ledger busy. Every command takes `-C PATH`, as git does.

The walkthrough below is real output (regenerate it with `python3 scripts/readme.py`).

## 1. A ledger

`init` creates a git repository whose first commit holds `.evident/ledger.yaml`, the catalogs it
will be judged by (pinned, so an old commit is always read with the catalogs of its time) and, with
`--starter-controls`, a library of 64 planned controls that map all 110 NIST SP 800-171 r2
requirements and the SOC 2 security, availability and confidentiality criteria.
""")
P(run("evident init acme --org 'Acme Defense Systems' --framework cmmc-l2 --framework soc2:availability,confidentiality --starter-controls"))
P("""
Every command below runs inside the ledger (`cd acme`; or give `-C acme`, as with git). Commits carry
the author git would use: `EVIDENT_AUTHOR_NAME` / `EVIDENT_AUTHOR_EMAIL` when set, else git's own
`GIT_AUTHOR_NAME` / `GIT_AUTHOR_EMAIL` (what a CI job exports), else `user.name` / `user.email`.
""")
CWD = os.path.join(WORK, "acme")
P(run("cat .evident/ledger.yaml"))
P(run("git log --format='%h %an%n%B' -1 | head -12"))
P("""
A ledger kept on a server or mirrored for CI is a bare repository. Every read command
(readiness, diff, history, log, verify, snapshot list/show/verify, export hashes, evidence
list/show, control list/show, poam list, framework list/show/map, `validate --at REV`) works on
it from git objects alone, with the same output as in a clone: `evident -C ledger.git readiness`.
Writes refuse it with exit 65 and change nothing (run them in a clone and push); so do plain
`validate` and `validate --staged`, which have no work tree or index to read there
(`validate --at HEAD` checks the bare repository's records).

Writes also refuse, with exit 65, naming the operation and its fix, while a git operation is
under way: a merge (even without conflicts), a rebase, a cherry-pick, a revert, a bisect or a
`git am` (`git rebase --continue` or `--abort`, and so on); and on a detached HEAD
(`git switch main`), since every snapshot's commit stays in main's history. In a sparse checkout
(cone or not) writes work and leave git clean; new evidence is written to the work tree even
outside the sparse set, and `validate` checks the records the sparse checkout leaves out as the
index holds them, saying how many.

## 2. Frameworks and the control library

One control serves every framework it maps. The crosswalk between 800-171 and SOC 2 suggests related
requirements; it never gives credit on its own.
""")
P(run("evident framework list"))
P(run("evident framework show cmmc-l2 --family IA"))
P(run("evident framework map IA.L2-3.5.3"))
P(run("evident control show IAM-MFA", max_lines=25))
P("""Controls are written once: add, change, map and unmap them (one commit each), or import a whole
control matrix from CSV or YAML, all or nothing.
""")
P(run("evident control set IAM-MFA status=implemented owner=identity@acme-defense.example"))
P(run("evident control add CM-BRANCH-PROTECT --title 'Protected branches and reviewed merges' --owner eng@acme-defense.example --frequency quarterly --maps 3.4.3 --maps CC8.1 --status implemented"))
P(run("printf 'id,title,owner,frequency,maps,status\\nIR-ONCALL,Security on-call rota,secops@acme-defense.example,weekly,3.6.1;CC7.4,implemented\\nIR-BAD,Broken row,nobody,sometimes,9.9.9,planned\\n' > /tmp/controls.csv; evident control import /tmp/controls.csv"))
P(run("sed -i '/IR-BAD/d' /tmp/controls.csv; evident control import /tmp/controls.csv"))
P(run("evident control list --status implemented"))
P("""
## 3. Evidence

`evidence add` copies the files into `evidence/<YYYY>/<MM>/<ID>/`, writes `record.yaml` beside them
(SHA-256, size and media type of each artifact), validates it and makes exactly one commit. Scripts read
the id from stdout or the record with `--format json`.
""")
P(run("printf '{\"policy\": \"Require MFA - all users\", \"enrolled\": 214, \"exemptions\": []}\\n' > /tmp/okta-mfa.json"))
P(run("evident evidence add /tmp/okta-mfa.json --control IAM-MFA --title 'Okta MFA policy export' --source okta --method automated --collected 2026-11-28"))
SUBST["$MFA_ID"] = last_id("evident evidence list --control IAM-MFA --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"evidence\"][0][\"id\"])'")
P(run("printf 'ticket,approved_by\\nCHG-2400,Dana\\n' | evident evidence add - --name change-tickets.csv --control CM-BRANCH-PROTECT --title 'Change tickets, November' --covers 2026-11-01..2026-11-28 --format json"))
P(run("evident evidence show $MFA_ID"))
P(run("evident evidence list"))
P(run("git show HEAD --stat --format='%s%n%n%(trailers)' | head -12"))
P("""Nothing invalid gets in, and nothing is written when something is refused:
""")
P(run("evident evidence add /tmp/okta-mfa.json --control IAM-MFX --title 'Typo'"))
P(run("evident evidence add /tmp/okta-mfa.json --control IAM-MFA --title 'Bad period' --covers 2026-11-30..2026-11-01"))
P(run("ln -sf /etc/passwd /tmp/link; evident evidence add /tmp/link --control IAM-MFA --title 'A symlink'"))
P(run("evident evidence add /tmp/okta-mfa.json --name 'CON.json' --control IAM-MFA --title 'A Windows device name'"))
P(run("echo 'scope: everything' >> .evident/ledger.yaml; evident evidence add /tmp/okta-mfa.json --control IAM-MFA --title 'Dirty ledger'"))
P(run("git checkout -q .evident/ledger.yaml"))
P("""**Secrets never get in.** `evidence add` scans every artifact (and the title, description, source and
message) before anything is written. It refuses private keys, AWS key pairs, GitHub, GitLab and Slack
tokens, signed JWTs, passwords in URLs and in `password=` / `secret:` assignments, and random-looking values
assigned to key or token names, naming file, line and rule but never the secret. Look-alikes pass: hashes,
UUIDs, sha256 lists, base64 images, placeholders such as `${PASSWORD}`, AWS's documented example keys. A file
that must be kept as it is goes in with `--allow-secret RULE`: the record lists the rule in
`allowed_secrets` and the commit carries an `Allowed-Secret:` trailer. `evident validate` and the pre-commit
hook apply the same scan to the artifacts and evidence records that plain git commits.
""")
# A CI settings file whose second line holds a (fake) GitHub token, built so no token is written here.
run("printf 'CI_USER=deploy\\nGITHUB_TOKEN=ghp_%s\\nREGION=us-gov-west-1\\n' $(printf 'FAKE%.0s' 1 2 3 4 5 6 7 8 9) > /tmp/ci.env", show=False)
P(run("evident evidence add /tmp/ci.env --control IAM-MFA --title 'CI settings'"))
P("""### Artifacts byte for byte

An artifact is stored exactly as given: the blob git keeps is the bytes the record hashes, and every
clone checks out those bytes whatever its `core.autocrlf`, `core.eol` or `core.attributesFile` say.
The ledger's own `.gitattributes`, committed by `init`, keeps git from converting anything below
`evidence/` (no end-of-line conversion, `ident`, clean/smudge filter or working-tree encoding; `diff`
and `merge` are left alone, so record diffs stay readable). A ledger made before evident wrote that file
gets it with its next evident write: the rule is appended to any `.gitattributes` it already has, in that
write's commit, whose message says so. There is no separate command for it.
""")
P(run("cat .gitattributes"))
P("""What can still win over that rule in one clone, a line in `.git/info/attributes` or a later or deeper
`.gitattributes` line, is refused (exit 65) by every write of evidence, `verify` and `validate`, naming the file, the
line and the fix, rather than storing or verifying bytes a checkout would change:
""")
P(run("echo '*.json text eol=crlf' > .git/info/attributes; evident evidence add /tmp/okta-mfa.json --control IAM-MFA --title 'Converted on checkout'"))
P(run("rm .git/info/attributes"))
P("""Artifact names are refused (exit 65, with the way out: `--name`) when some clone could not check them
out or would read them as git's own: `.gitattributes`, `.gitignore`, `.gitmodules`, `.mailmap` and any
`.git*` name; names Windows reserves (`CON`, `PRN`, `AUX`, `NUL`, `COM1`-`COM9`, `LPT1`-`LPT9`, with any
extension) or cannot hold (`< > : " | ? *`, control characters, a trailing dot or space); bidirectional
overrides and invisible characters (U+202A-202E, U+2066-2069, U+200B-200F, U+2060, U+FEFF); file names
that are not UTF-8; a name over 255 bytes; and, as before, absolute paths, `.` and `..`, empty names and
`record.yaml`. The default name, the file's own, is held to the same rule. `validate` reports records
already committed with such a name.
""")
P("""
## 4. POA&M items and affirmations
""")
P(run("evident poam add 3.1.9 --weakness 'Login banner missing on the CUI file server' --scheduled-completion 2027-01-31 --milestone '2026-12-15 Banner text approved'"))
SUBST["$POAM_ID"] = last_id("evident poam list --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"poams\"][-1][\"id\"])'")
P("""
POA&M ids carry the day the item opened and a random part, like evidence ids, so two clones never
pick the same one (ids of the first form, `POAM-2026-001`, stay valid). A milestone is a dated step of
the plan, between the day the item opened and its scheduled completion; steps can be added while the
item is open:
""")
P(run("evident poam milestone add $POAM_ID '2027-01-20 Banner deployed and verified on every host'"))
P(run("evident poam list"))
P("""
Readiness reports the latest scheduled completion of the open items as the SPRS "Plan of Action
completion date" (`plan_of_action_completion` in JSON).
""")
P(run("evident affirm --framework cmmc --level 2 --official 'Morgan Ellis' --official-title 'Chief Executive Officer'"))
P("""Each affirmation gets a file of its own (`affirmations/<date>-<framework>-<random>.yaml`), so two made the
same day, in two clones, never collide.

### Enduring exceptions and temporary deficiencies

Some requirements cannot be fully met for a lasting reason, such as test equipment that cannot be
patched; others are being fixed under an operational plan. evident records these as enduring exceptions
and temporary deficiencies (32 CFR 170.24(b)(1); `cmmc-rules.md` §12.7) in `exceptions/<ID>.yaml`. An
enduring exception names the SSP section that describes it and its mitigations; a temporary deficiency
lists the dated actions of its plan. While one is open and complete, Level 2 readiness scores the
requirement MET, names the exception and cites the rule, and an open temporary deficiency counts as a
plan of action for 3.12.2. The SSP requirement, CA.L2-3.12.4, never qualifies. Reviews and closure are
dated commits, so an assessor sees when each was opened, reviewed and closed.
""")
P(run("evident exception add 3.13.11 --kind temporary --description 'Legacy file-transfer appliance uses non-validated TLS' --mitigation 'Reachable from the CUI enclave only' --action '2027-01-15 Transfers moved to the validated appliance'"))
SUBST["$EXC_ID"] = last_id("evident exception list --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"exceptions\"][-1][\"id\"])'")
P(run("evident exception add SI.L2-3.14.1 --kind enduring --description 'Test-cell controllers cannot be patched without voiding their certification' --mitigation 'Isolated VLAN, USB disabled' --ssp-section 'SSP 4.7 Test cell equipment'"))
P(run("evident exception review $EXC_ID --note 'Vendor confirmed the appliance replacement date'"))
P(run("evident exception list"))
P(run("evident exception add 3.12.4 --kind temporary --description 'No SSP yet' --action '2027-01-15 Write it'"))
P("""
## 5. Readiness

Computed from git objects at any revision (`--at` takes a snapshot, tag, commit, branch or date) as of
any day, without touching the work tree. Scoring and status follow 32 CFR 170 and the DoD Assessment
Methodology: partial credit only for 3.5.3 and 3.13.11, no score without an SSP (3.12.4), Conditional
only at 88+ with every NOT MET requirement POA&M-eligible, 3.12.2 failed when NOT MET requirements have no
plan of action, 180-day closeout. `--format json` is a documented contract (`Schemas/readiness.schema.json`);
`--min-score N` makes it a CI gate.

**Assessed result and status held.** Readiness gives two answers for each CMMC level (`cmmc-rules.md`
§12.1, §12.2). The *assessed result* (`status`, with the score and reasons) is what an assessment on that
day would find, from the records alone. The *status held* (`held` in JSON, the "Status held:" line) is what
the organisation holds, from its snapshots, which are the assessments, each assessment type on its own
(Level 2 Self and Level 2 C3PAO are separate statuses; Level 1 and SOC 2 snapshots never touch them).
Conditional starts at the `as_of` of the snapshot whose result was Conditional; later Conditional snapshots
do not move it. A Final snapshot of the same type within 180 days is the closeout, and Final then lasts three
years from the Conditional date. Without one the status held is *expired* from the day after the deadline,
whatever the records say later: closing POA&M items late is not a closeout, and only a new full assessment
gives a status again. `closeout_deadline` is the status held's; `--status-date D` stands for the Conditional
status date SPRS shows when it differs from the snapshot's. `diff` and `history` show the status held on
both sides.

The rules evident applies are written down in `docs/rules/cmmc-rules.md` (32 CFR 170 and the DoD
Assessment Methodology, section by section) and `docs/rules/soc2-rules.md`; outputs and code cite their
sections (`cmmc-rules.md §12.6`). A few rules decide cases the regulation leaves open (`cmmc-rules.md` §12):

- **Final needs the POA&M closed.** With every requirement MET or N/A but POA&M items still open, the
  result is conditional, with one reason per open item (`POAM-20260601-7K3QX2 is open although 3.1.8 is
  MET: close it`), and the 180-day closeout clock of the status held still runs.
- **The SSP (3.12.4) is never N/A.** `control add`, `set`, `map` and `import` refuse a control that maps
  3.12.4 with status `not_applicable` (exit 65); such a record found in history scores 3.12.4 NOT MET, so the
  assessment is incomplete, and `validate` reports it.
- **Partial credit with several controls (3.5.3, 3.13.11).** 3.5.3 is MET when every mapped control is
  implemented with valid evidence and their `mfa_scope` values together reach `all`; 3.13.11 when every
  mapped control records `fips_validated`. When NOT MET, it costs 3 instead of 5 only if a control that is
  implemented or partially implemented *with evidence valid that day* records `all` or
  `remote_and_privileged` (3.5.3), or `fips_validated` or `not_fips_validated` (3.13.11). 3.13.11 may be on
  a POA&M only at 3, and `poam add` asks the same function readiness does. A mapped control without the
  attribute is read as `all` / `fips_validated`, with a warning in readiness and `validate`.
- When 3.12.2 is scored NOT MET because NOT MET requirements have no plan of action, the reason names them.
- **SOC 2 has the same rule.** A criterion is ready when every mapped control is implemented with valid
  evidence or not applicable: one planned control makes it not ready, for Type 1 as for Type 2. A criterion
  whose mapped controls are all not applicable (with their justifications) is N/A, listed apart and never a
  gap. Evidence never speaks of the future: `--covers` must end on or before the collection day.
- **Snapshots keep the rules they were judged by.** A manifest records `readiness_rules`; after an
  upgrade that corrects a rule, `verify` of an older snapshot reports the difference as a notice (the
  recorded result is what was assessed), while a snapshot pushed to a server must be judged by the
  server's rules.
""")
P(run("evident readiness --framework cmmc-l2 | head -30"))
P(run("evident readiness --explain 3.5.3"))
P(run("evident readiness --framework cmmc-l2 --min-score 88 > /dev/null"))
P(run("evident readiness --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); print([(f[\"id\"], f.get(\"score\"), f[\"status\"]) for f in d[\"frameworks\"]])'"))
P("""The demo ledger (`make demo`) is further along: Conditional Level 2 with POA&M items, and SOC 2 Type 2
gaps named interval by interval.
""")
P(run("evident demo ../northwind > /dev/null && cd ../northwind && evident readiness --framework cmmc-l2 | head -12"))
CWD = os.path.join(WORK, "northwind")
P("""**SOC 2 Type 2 by occurrences** (`soc2-rules.md` §3, §5). evident tests each control the way a service
auditor would. Weekly to annual controls are tested once per calendar week (ISO, Monday to Sunday), month,
quarter, half-year or year lying wholly inside the observation period; the cut-off pieces at either end are
listed as "partial, not tested" and never fail a criterion. One record evidences one occurrence only (a
report covering six months is not six monthly reviews), collected in that interval or within the ledger's
`grace` after it. When the period holds no whole interval, one record in it is needed. Daily and continuous
controls need every day covered by the `covers` of their records, and each uncovered stretch is named.
Event-driven controls need an event record in the period, or management's statement that nothing happened,
recorded without an artifact: `evidence add --no-occurrence --covers A..B --control ID --title TEXT`.
Each control shows how many occurrences were evidenced and the sample an auditor is likely to pick
(practitioner defaults; `policy.sample_sizes` in ledger.yaml overrides them); in JSON each gap has a `kind`:
`missing`, `partial_not_tested`, `uncovered_days` or `no_event_record`. The demo's monthly scan misses one month
(the demo dates everything from the day it is built; this walkthrough was built on 2026-11-29):
""")
P(run("evident readiness --framework soc2 --type 2 --period 2026-05-29..2026-11-28 | sed -n '1,16p'"))
P(run("evident readiness --framework soc2 --type 2 --period 2026-05-29..2026-11-28 | grep -A3 'VULN-SCAN (monthly)'"))
P("""
### The calendar

`evident calendar` lists every due date the status held and the records imply, with days left
(`cmmc-rules.md` §12.11): the closeout deadline, the next assessment (three years; Level 1 every year), the
affirmations owed on reaching Conditional or Final, after a closeout and every year after the status date
(32 CFR 170.22), the open POA&M items' completions and coming milestones, temporary deficiency actions, and
the day each implemented control's evidence stops being valid. Overdue items are flagged; `--format json`
for scripts, and `--format ics` writes an iCalendar file: each obligation keeps its event id when its date
moves, so importing a later export updates the events instead of adding new ones.
""")
P(run("evident calendar | sed '/^Evidence renewals/,$d'"))
P(run("evident calendar --format ics -o /tmp/compliance.ics && grep -c BEGIN:VEVENT /tmp/compliance.ics && grep -m1 -A4 UID:closeout /tmp/compliance.ics"))
P("""
## 6. Snapshots, verification and hashes

A snapshot is an annotated tag `assessment/NAME` on the current commit. Its message carries a summary and
the manifest: readiness per framework and requirement, catalog versions, and the artifact hash list with its
own SHA-256. It never moves; `--sign` signs it with an SSH key exactly as git does (`gpg.format=ssh`), so the
stock `git verify-tag` checks it against `.evident/allowed_signers`. A signature is judged by the allowed signers of the
snapshot's own commit, so `snapshot create --sign` refuses a key that is not listed there yet (add it with
`evident signers add` first); a signer removed later is reported by `verify` as a notice, not a failure.
`--as-of` takes today or an earlier day.
""")
CWD = os.path.join(WORK, "acme")
P("""_In the acme ledger (`~/acme`):_
""")
P(run("ssh-keygen -q -t ed25519 -N '' -C jane -f /tmp/jane-key && evident signers add jane.doe@acme-defense.example /tmp/jane-key.pub"))
P(run("evident snapshot create cmmc-l2-self-2026 --kind cmmc-l2-self --assessor 'Acme internal audit' --sign --key /tmp/jane-key"))
P(run("git -c gpg.ssh.allowedSignersFile=.evident/allowed_signers verify-tag assessment/cmmc-l2-self-2026"))
P(run("git cat-file tag assessment/cmmc-l2-self-2026 | sed -n '1,14p'"))
P(run("evident snapshot list"))
P(run("evident snapshot verify cmmc-l2-self-2026"))
P(run("evident export hashes cmmc-l2-self-2026 -o /tmp/hashes && sha256sum -c /tmp/hashes/artifacts.sha256"))
P("""Without `-o` the list goes to standard output and nothing is written into the ledger:
`evident export hashes cmmc-l2-self-2026 | sha256sum -c -` checks the work tree from the ledger root.
""")
P("""`evident verify` re-checks the whole ledger: every snapshot's tag, history, manifest (recomputed from
the tagged tree), signature, and every record and artifact at HEAD. Tampering is found:
""")
P(run("f=$(git ls-files 'evidence/*/okta-mfa.json'); echo '{}' > $f; git commit -qam 'quiet edit' --no-verify; evident verify"))
P(run("git reset -q --hard HEAD~1"))
P("""
## 7. Diff between periods and history

`diff` compares readiness between two snapshots, commits or days, with the reason on both sides, and the
records that changed (from one tree-to-tree diff). `--exit-code` exits 2 when readiness got worse.
The demo ledger's two self-assessment snapshots are named after the months they were taken in, 60 days
before the day the demo is built and on that day (`evident snapshot list` shows them; the demo's last
lines print the diff between them):
""")
CWD = os.path.join(WORK, "northwind")
P("""_In the demo ledger (`~/northwind`):_
""")
P(run("evident snapshot list"))
P(run("evident diff 2026-09-self 2026-11-self | head -28"))
P(run("evident history 3.6.3"))
P(run("evident log --requirement 3.6.3"))
P(run("evident log -n 4"))
P("""
## 8. What the assessor and the auditor receive

Every export is computed from git objects at a revision (`--at REV|SNAPSHOT`, default HEAD) and judged at
that revision's own day, so the same revision always gives the same bytes and an export can itself be
committed as evidence. Each writes to standard output or `-o PATH`, and never over a file without `--force`.

**The system, described once.** `ledger.yaml` holds a `system` section (name, description, boundary,
environments, scope, CAGE codes, SSP version and date, and the system owner, affirming official and
security contact) that the SSP, SPRS and OSCAL exports read. `evident system show` lists what is missing
and the command that sets it; `evident system set FIELD=VALUE...` changes it in one validated commit. An
SPRS entry never invents a field: without them it names each and exits 2.
""")
CWD = os.path.join(WORK, "acme")
P("""_In the acme ledger (`~/acme`):_
""")
P(run("evident export sprs cmmc-l2-self-2026"))
P(run("evident system set name='Acme CUI Enclave' scope=enclave cage_codes=1ACM5 ssp.version=1.0 ssp.date=2026-11-01 roles.affirming_official.name='Morgan Ellis'"))
P(run("evident export sprs cmmc-l2-self-2026 --format json"))
P(run("git reset -q --hard HEAD~1"))
CWD = os.path.join(WORK, "northwind")
P("""_In the demo ledger (`~/northwind`):_
""")
P("""**The SSP and the POA&M.** `evident export ssp [--format markdown|html]` is the System Security Plan
CA.L2-3.12.4 requires: the system section, then each requirement by family with its status, the controls
that implement it (description, owner, frequency, attributes), the evidence with each artifact's SHA-256,
N/A justifications, and enduring exceptions and temporary deficiencies with their mitigations and plans;
SOC 2 criteria follow in a second part. The HTML form is one self-contained page that prints cleanly.
`evident export poam [--format csv|markdown|json]` is one row per item, with both id forms, points,
milestones and the Plan of Action completion date; the CSV opens in a spreadsheet as it is.
""")
P(run("evident export ssp | sed -n '1,12p'"))
P(run("evident export ssp | grep -A12 '^#### SC.L2-3.13.11'"))
P(run("evident export poam --format markdown | head -6"))
P("""**OSCAL.** `evident export oscal [--at REV|SNAPSHOT] -o DIR` writes the five NIST OSCAL 1.2.3
documents that assessment and GRC tools read: `catalog.json` (the pinned catalogs, in evident's own
words), `profile.json` (the requirements in scope), `ssp.json` (the system section and each requirement's
implementation by the controls, as components), `assessment-results.json` (one result per snapshot up to
the revision: a finding per requirement, observations whose relevant evidence carries each artifact's path
and SHA-256, and the SPRS score and status as properties) and `poam.json` (items, risks and milestones).
`--model NAME` writes one to standard output. The documents point at each other by relative href, and their
UUIDs are derived from the ledger and the object (UUID v5), so a re-export changes only what changed.
`make test` validates every document against NIST's schema (which `make deps` fetches) and checks that
every href and reference resolves (`scripts/oscal-validate.py`).
""")
P(run("evident export oscal -o /tmp/oscal && ls /tmp/oscal"))
P(run("python3 -c 'import json; d=json.load(open(\"/tmp/oscal/assessment-results.json\"))[\"assessment-results\"]; [print(r[\"title\"], [(p[\"name\"], p[\"value\"]) for p in r[\"props\"] if p[\"name\"] in (\"sprs-score\", \"cmmc-l2-status\")]) for r in d[\"results\"]]'"))
P("""**DoD artifact hashing, both ways.** `evident export hashes NAME --format dod -o DIR` writes
`CMMCAssessmentArtifacts.log` and `CMMCAssessmentLogHash.log` in the layout of the DoD CIO's
`ArtifactHash.ps1` (a PowerShell table of `Get-FileHash` results, ASCII, CRLF), and prints the two
values the assessor types into eMASS. `evident verify NAME --hash-log FILE [--hash-value HEX]` checks a
log that the official script produced on the assessor's machine, in any encoding (ASCII, UTF-8 with or
without BOM, UTF-16LE), with Windows, UNC or POSIX paths under a root it finds itself: files missing,
extra or changed, and whether the log is the one recorded in eMASS. The sha256sum list stays the default.
""")
P(run("evident export hashes 2026-11-self --format dod -o /tmp/dod"))
P(run("sed -n '1,6p' /tmp/dod/CMMCAssessmentArtifacts.log | cat -A | cut -c1-110"))
P(run("perl -pe 's#(\\s)evidence/#$1C:\\\\Assessments\\\\Northwind\\\\evidence/#' /tmp/dod/CMMCAssessmentArtifacts.log > /tmp/dod/from-windows.log; grep -m1 Assessments /tmp/dod/from-windows.log | cut -c1-120; evident verify 2026-11-self --hash-log /tmp/dod/from-windows.log | tail -3"))
P("""**The evidence index.** `evident export evidence [--format csv|json]`: one row per artifact with the
requirements and criteria it supports per framework, its dates, classification, size and SHA-256.
""")
P(run("evident export evidence | head -3 | cut -c1-160"))
P("""**SOC 2 Type 2 workpapers.** `evident export workpapers --period A..B [--seed N] -o DIR` writes, for each
control, the population (the occurrences above and the record evidencing each), the sample of
`soc2-rules.md` §5 drawn deterministically from a seed that is printed and written with it (default: derived
from the ledger and the period), the request list of what is missing, and the criteria, as CSV files and
an `index.html`.
""")
P(run("evident export workpapers --period 2026-05-29..2026-11-28 -o /tmp/wp"))
P(run("grep VULN-SCAN /tmp/wp/population.csv | cut -d, -f1,4-9"))
P("""**The evidence bundle.** `evident export bundle NAME -o FILE.zip [--for cmmc|soc2]` is one deterministic
zip for the assessor: the snapshot's artifacts and records at their ledger paths (read from the tagged
commit, each re-hashed against the manifest), the manifest and its hash, both DoD logs, the SSP, the POA&M,
the SPRS entry under `documents/`, the OSCAL documents under `oscal/`, a `SHA256SUMS` of every file and a `README.txt`
saying what each file is and how to check it. Every entry is dated the snapshot's as-of day, in path
order, so the same snapshot gives the same bytes. `--for soc2` is for the CPA firm: it leaves out every
artifact classified `cui` (and its record), lists them in `withheld-cui.csv` by id and hash only, and
leaves out the CMMC documents. `evident verify --bundle FILE.zip` checks a bundle offline, without the
ledger: every file against the manifest, the manifest against its hash, the DoD logs against the files,
and `SHA256SUMS`; exit 2 with one line per finding. Stock tools check it too: `unzip` it and run
`sha256sum -c SHA256SUMS`.
""")
P(run("evident export bundle 2026-11-self -o /tmp/northwind-2026-11.zip"))
P(run("evident export bundle 2026-11-self --for soc2 -o /tmp/northwind-2026-11-soc2.zip | head -1"))
P(run("cd /tmp && evident verify --bundle northwind-2026-11.zip && unzip -q northwind-2026-11.zip -d bundle-check && cd bundle-check && sha256sum -c --quiet SHA256SUMS && echo 'sha256sum: all files OK'"))
P("""**The report a person looks at.** `evident report [--at REV] -o DIR` writes a static site that opens
from the file system with no network, no script and no external font: an overview per framework (assessed
result, status held, SPRS score, SOC 2 ready count), a trend chart of readiness across every snapshot
(SPRS score and SOC 2 ready share, inline SVG with a text alternative and the same points as a table),
the changes since the previous snapshot, each requirement and criterion with its status, reasons and
evidence, evidence expiring soon, the calendar and the evidence index. It prints cleanly, and statuses
differ by word and mark, not colour alone. The same revision gives the same bytes in every file.
`make test` opens it in headless Chromium: a screenshot, the score and every snapshot in the chart, and
not one request off the file system.
""")
P(run("evident report -o /tmp/report"))
P("""
## 9. Validation and hooks

libgit2 runs no hooks, so evident validates in-process before every commit. For people who commit to a
ledger with plain git, `init` (and `hooks install` in a clone) installs a pre-commit hook running
`evident validate --staged`; `hooks/pre-receive` guards a shared ledger on a git server (no rewritten main
branch, no moved or deleted `assessment/*` tag, no invalid records). See `hooks/README.md`.
""")
CWD = os.path.join(WORK, "acme")
P("""_In the acme ledger (`~/acme`):_
""")
P(run("evident validate"))
P("""
With the hook installed, a plain `git commit` of a broken record stops (git exits 1; the hook's
`evident validate --staged` exits 2 with the finding):
""")
P(run("f=$(git ls-files 'evidence/*/record.yaml' | head -1); sed -i 's/^method: automated/method: telepathy/' $f; git add $f; git commit -qm 'hand edit'"))
run("git reset -q --hard", show=False)
P(run("evident hooks install"))
P("""
## 10. Sharing a ledger

A team shares a ledger through any git server (GitHub, GitLab, Gitea, a bare repository over SSH), not
a server of evident's. `evident sync [REMOTE]` does, under the ledger's write lock, what a careful person
would: fetch the branch and the `assessment/*` snapshot tags, integrate, push the branch and any snapshot
the remote lacks, and start again (at most `--retries`, then exit 75) when another writer pushed first.

- **Merge commits, never a rebase.** The remote's commits come in by a fast-forward, or by a merge commit
  when both sides have commits, so no commit is ever rewritten (a local commit may be tagged by a
  snapshot not pushed yet). Nothing is ever force-pushed, and no tag is moved or deleted: a snapshot that
  differs between the two sides is refused.
- **Records merge field by field.** Evidence cannot conflict (ids are unique). A control, POA&M item,
  exception or `ledger.yaml` changed on both sides keeps both changes when they touch different fields;
  the same field changed differently is refused with exit 65, naming the file, the field and both values,
  and nothing changes locally.
- **CUI stays where it is allowed to be.** `remotes` in `ledger.yaml` says which remotes may hold what
  (public, internal, fci, cui; `*` matches any run of characters, a trailing `.git` or `/` is ignored, and a
  path and its `file://` spelling are the same remote); a remote nobody cleared may hold `internal` at most. `sync` refuses, before
  anything is pushed, commits that carry evidence classified above the remote's clearance, naming each
  record; `evident remote clear URL --for cui` records the decision in one commit. The `pre-push` hook
  (installed by `init`, `clone` and `hooks install`) applies the same rule to plain `git push`.
- **Transports and credentials as git users expect**, through libgit2: local paths and `file://`,
  `git://`, `ssh://` and `user@host:path` (keys from `--ssh-key PATH`, ssh-agent or `~/.ssh/id_*`; host keys
  checked against `~/.ssh/known_hosts`, an unknown one refused with its fingerprint and the command that
  adds it), and `https://` with git's own credential helpers (never written to the ledger or printed).
  A push to a bare repository on this machine (a path or `file://`, a shared disk) is written by evident
  itself: one pack of what the remote lacks, each ref moved only from the value it read, and the
  repository's `pre-receive`, `update`, `post-receive` and `post-update` hooks run as `git push` runs them.
- **`evident clone URL [PATH]`** clones a ledger, installs its hooks and runs `verify` on what arrived:
  every snapshot and every record at HEAD, exit 2 with the findings when something does not verify (the
  clone is kept, to be looked at). The work tree is written on every core with the bytes git's own
  checkout would write under your settings, and from a local path or `file://` the object files are
  copied rather than repacked.
- **A lost connection loses nothing.** The local branch moves only once the remote has taken the push:
  a sync cut off mid-push (the server gone, the network down) exits 1 naming what failed, with HEAD, the
  index and the work tree as they were, and the next `evident sync` completes it.

On the server, make the repository bare with `main` as its HEAD (`git init --bare -b main`: a bare
repository whose HEAD names an unborn `master` shows no ledger to evident's read commands), install
`hooks/pre-receive` in it (`cp hooks/pre-receive
/srv/git/ledger.git/hooks/`, with evident on the server's PATH): it refuses rewriting or deleting the main
branch, moving or deleting a snapshot tag, a snapshot that does not verify and records that do not
validate. From CI, sync with a deploy key: `evident sync --ssh-key "$DEPLOY_KEY"` after adding evidence
(exit 75 means other writers kept winning: run it again). After a sync, `origin/main` is where the
server's branch is, as after `git push`, so `git status` in a clone made by `evident clone` (whose `main`
tracks `origin/main`) says it is up to date. `make test` runs all of this against real servers
on 127.0.0.1: git daemon, sshd and git http-backend behind Basic authentication, with six clones syncing at
once.
""")
CWD = os.path.join(WORK, "acme")
P("""_In the acme ledger (`~/acme`), with a bare repository as the team's server:_
""")
P(run("git init -q --bare -b main ~/server.git && git remote add origin ~/server.git && evident sync"))
P(run("cd .. && evident clone ~/server.git acme-laptop | sed 's#/home/jane/acme-laptop#~/acme-laptop#'"))
P(run("cd ../acme-laptop && evident control set IAM-MFA owner=it-security@acme-defense.example >/dev/null && evident sync"))
P(run("evident control set IAM-MFA frequency=weekly >/dev/null && evident sync --format json"))
P(run("printf 'user,enclave\\nadmin1,cui-enclave\\n' > /tmp/enclave-users.csv; evident evidence add /tmp/enclave-users.csv --control IAM-ACCOUNTS --title 'CUI enclave accounts' --classification cui >/dev/null; evident sync"))
P(run("evident remote clear origin --for cui && evident sync"))
P("""
## 11. Scale

evident is built for a ledger of 100,000 evidence records, 10,000 commits and 100 snapshots, and is
measured side by side with the stock git CLI doing the same git work (`make bench`; the table, the
machine and the growth from 10k to 100k records are in `Benchmarks/RESULTS.md`). How it stays fast:

- **Records come from git objects, never the work tree**, and each decoded evidence record is cached in
  `.git/evident/cache/evidence.bin` under the id of its blob: content-addressed, so an entry can never be
  stale. The file is a sorted table read on open; a record is read and decoded only when asked for.
- **Trees, not history.** Readiness at a snapshot reads that snapshot's tree: the evidence folders are
  read on every core (one repository handle per thread), the record of each looked up by name. A snapshot's
  kind, date and commit come from the start of its tag (cached by tag id in `.git/evident/cache/snapshots.txt`),
  not from its manifest, which lists every artifact: naming a snapshot never inflates its whole tag object.
- **A diff costs one side plus what changed.** The second side's evidence is the first side's with the
  records of a tree-to-tree comparison swapped in; the comparison descends only into subtrees whose ids differ.
  `evident report`, which has read its own revision already, derives the previous snapshot's side from it.
- **`snapshot verify` reads the tagged tree once**: months of evidence go to every core, each folder's
  artifacts are hashed with SHA-256 and compared with their record, and the manifest is recomputed from the
  records that pass just decoded. `verify` (every snapshot, as `clone` runs it) checks a month of evidence
  once for all the snapshots that share its tree, and in a month that changed, only the folders that did.
- **A bundle reads each blob once**: the snapshot's records and artifacts, found in one walk of its tree, are
  read, hashed against the manifest and deflated in the same pass, on every core, and written in order, a
  thousand at a time; SHA256SUMS keeps its place in the ZIP's directory and is written after the last file.
  Its memory does not add up phase by phase: the records are read once for the SSP, POA&M and SPRS entry
  and let go before the tree is walked, the documents are held once and let go as they are written,
  SHA256SUMS and any file over 4 MiB are deflated in pieces, the SSP's evidence rows are made as the
  template reaches them, and a walk that reads every tree once (a bundle, `verify`, `clone`) runs with a
  small libgit2 object cache.
- **Readiness input is cached by tree id** in `.git/evident/cache/`: what readiness needs of an evidence
  tree, under that tree's id, so it can never be stale; a tree a few paths away from a cached one is the
  cached input with those paths re-read, and an entry is decoded on every core while its digest is checked. So readiness at a snapshot seen before costs only the evaluation,
  a diff costs what changed, and `history REQ` takes each snapshot's status from a cache keyed by its tag
  object. Every cache is optional: deleting `.git/evident/cache` changes no output (the tests check it).
- **`log --control` walks history with a path check that stops at the first equal subtree**, and reads the
  trailers only of commits whose message names the control.
- **Writes cost what they change.** The clean check works from the index, as `git commit` does (stat data
  compared on every core), and evident keeps git's tree cache in the index valid, so a commit rewrites only
  the folders it touches and the next command (or `git commit`) reads the root tree from the cache. A bulk
  import writes its blobs from memory into one pack, encoded while the files are written, never reading the
  files back. The index (versions 2, 3 and 4) and packs are written by evident's own code because libgit2's
  take most of the time budget at this size (ARCHITECTURE.md has the numbers); the tests hold both to git.
- **Bounded memory**: libgit2 maps packs in 16 MiB windows (32 MiB in all) and caches 8 MiB of objects;
  freed memory is handed back between the phases of large commands. Every benchmark row is held to 250 MB
  (RESULTS.md says which rows still go over).

`EVIDENT_TRACE=1` prints how long each phase of a large command took and the memory it used.
A synthetic ledger for measuring (or for trying evident at size) is one command; same seed, same ledger:

""")
P(run("evident bench generate /tmp/evident-bench-ledger --evidence 2000 --commits 200 --snapshots 4 --seed 7"))
run("rm -rf /tmp/evident-bench-ledger", show=False)
P("""
## 12. What evident guarantees

What an assessor relies on, and what the tests hold evident to (each against the real `git` binary):

- **Bytes.** An artifact is stored exactly as given. evident writes blobs itself, never through git's
  filters, and every ledger carries a committed `.gitattributes` that stops git converting evidence
  (line endings, `ident`, filters, working-tree encodings) in any clone. A setting that would still change
  evidence bytes on checkout is refused, naming the setting and the fix. Artifact names that another clone
  could not check out (git's own `.git*` files, Windows device names and characters, invisible or
  direction-changing characters, names that are not UTF-8 or are longer than 255 bytes) are refused.
- **Hashes.** Every record lists each artifact's SHA-256 and size. `validate`, `verify`, `snapshot verify`
  and the pre-receive hook recompute them from git's own blobs; `export hashes` writes a list that
  `sha256sum -c` checks in any checkout of the snapshot.
- **History.** Every write is one commit with trailers, made under a lock; it lands whole or not at all
  (a journal repairs a killed writer; packs reach the disk before the branch moves, as git's
  `core.fsync` says). After every command `git status` is clean and `git fsck --strict` is silent. A
  write refuses, with the fix, a repository it cannot commit to cleanly (bare, a detached HEAD, a merge,
  rebase or cherry-pick in progress, a split index, unmerged entries). Readers never take the lock and
  never see half a commit.
- **Rules.** Readiness follows `docs/rules/`; a snapshot records the version of the rules it was judged
  under, so correcting a rule never makes an older snapshot look tampered with.
- **Tags.** A snapshot tag never moves. The pre-receive hook refuses an `assessment/*` tag that is
  lightweight, carries no manifest, disagrees with its tree or is signed by someone not allowed; a
  signature is judged by the allowed signers of the snapshot's own commit.
- **Records.** Nothing invalid gets in (commands, `validate`, the pre-commit and pre-receive hooks apply
  the same checks). A record already in history that evident cannot use is a finding naming the file and
  field, never a crash: every date and duration is computed within 0001-01-01..9999-12-31.

Exit codes never change meaning; scripts may rely on them:

| code | meaning |
|---|---|
| 0 | done |
| 1 | an unexpected failure (a file system or git error evident could not foresee); the message says what failed |
| 2 | a gate not met: validation or verification findings, `readiness --min-score`, `diff --exit-code`, a snapshot tag without a manifest |
| 64 | wrong use: a missing or contradictory option, a value the option parser cannot read |
| 65 | bad input or a repository state evident will not write into: a value, record or name refused, with the field and the fix |
| 66 | not found: an unknown control, requirement, snapshot, POA&M item, evidence id or revision (with the closest ids) |
| 75 | busy: another writer holds the ledger longer than `EVIDENT_LOCK_TIMEOUT` seconds (default 30); try again |
""")
P("""
## Layout

`ARCHITECTURE.md` is the map: the layers and the one rule of each, where a new command, record
kind or export goes, and how a commit is written (lock, journal, objects, tree, index, ref).

```
Sources/GitStore     the only module that imports libgit2 (values out: ObjectID, TreeEntry, CommitInfo ...),
                     plus evident's own index reader/writer (IndexFile) and pack writer (PackBuilder)
Sources/LedgerCore   records, catalogs, validation, readiness, snapshot manifests: pure Swift
Sources/Ledger       UseCases/ (one service per use case: init, evidence, controls, snapshots, diff ...),
                     Storage/ (writer, lock, journal, caches, record readers), Support/; its public API
                     speaks in LedgerCore values, CommitID and LedgerError, not GitStore's types
Sources/EvidentCLI   Commands/<Noun>/<Noun><Verb>Command.swift (one per file), Options/ (TypedInput:
                     the typed values services take), Output/ (every text, Markdown and JSON rendering),
                     ExitStatus.swift (the one place that exits)
Sources/EvidentBench `evident bench generate`, kept out of the library
Schemas/             JSON Schemas of every record and of the readiness JSON
docs/rules/          the CMMC and SOC 2 rules evident applies, cited by section in code and output
hooks/               pre-commit and pre-receive hooks for people using plain git
Benchmarks/          make bench: evident against the git CLI on a 100k-record ledger, and the results
Fuzz/                make fuzz: the record parser under libFuzzer
Tests/               unit, end-to-end (the real binary, cross-checked with the git CLI) and fixtures;
                     LedgerCoreTests/LayeringTests fails when a target imports across its layer;
                     GitStoreTests/ConcurrentMapTests also runs under the thread sanitizer in make test
```
""")

with open(os.path.join(ROOT, "README.md"), "w") as f:
    f.write("\n".join(parts))
shutil.rmtree(WORK, ignore_errors=True)
print("README.md written")
