import Foundation

/// A starter library of controls, in our own words, all `planned`. Together they map every
/// NIST SP 800-171 r2 requirement, every SOC 2 common criterion (CC1.1 to CC9.2) and every
/// availability and confidentiality criterion. The CMMC Level 1 requirements are mapped on every
/// control that serves one of their NIST SP 800-171 counterparts (derived from `cmmc-l1`'s
/// `related` ids, so the two never drift apart).
///
/// The SOC 2 mappings were written with the crosswalk as a guide, not copied from it.
public enum StarterLibrary {
    public static let controls: [StarterControl] = definitions.map(\.control)

    /// A starter control by exact id.
    public static func control(_ id: String) -> StarterControl? {
        controls.first { $0.id == id }
    }

    private struct Definition {
        var id: String
        var title: String
        var frequency: String
        var nist: [String]
        var soc2: [String]
        var attributes: [String: String] = [:]
        var description: String

        var control: StarterControl {
            var maps: [String: [String]] = [:]
            let nistCatalog = Catalogs.nist800171r2
            if !nist.isEmpty {
                maps[Catalogs.nistID] = nistCatalog.requirementIDs.filter(nist.contains)
                let level1 = Catalogs.cmmcL1.requirements.filter { !Set($0.related).isDisjoint(with: nist) }
                if !level1.isEmpty { maps[Catalogs.cmmcL1ID] = level1.map(\.id) }
            }
            if !soc2.isEmpty {
                maps[Catalogs.soc2ID] = Catalogs.soc2.requirementIDs.filter(soc2.contains)
            }
            return StarterControl(
                id: id, title: title, description: description, frequency: frequency,
                maps: maps, attributes: attributes)
        }
    }

    private static let definitions: [Definition] = [
        // MARK: Governance
        Definition(
            id: "GOV-SSP", title: "System security plan", frequency: "annual",
            nist: ["3.12.4"], soc2: ["CC2.1"],
            description: "A system security plan describes the CUI environment: its boundary, components, data flows, "
                + "connections to other systems, responsible roles, and how each NIST SP 800-171 requirement is met "
                + "or planned. The senior official approves it at least once a year and whenever the environment "
                + "changes significantly."),
        Definition(
            id: "GOV-POLICY", title: "Information security policies", frequency: "annual",
            nist: [], soc2: ["CC2.2", "CC5.1", "CC5.3"],
            description: "Management approves information security policies and standards for every control area, "
                + "publishes them to staff and reviews them at least annually. Exceptions are documented, "
                + "risk-accepted by the policy owner and given an expiry date."),
        Definition(
            id: "GOV-CODE", title: "Code of conduct and acceptable use", frequency: "annual",
            nist: [], soc2: ["CC1.1", "CC1.5"],
            description: "Everyone acknowledges the code of conduct and the acceptable use policy when hired and every "
                + "year after. Breaches are handled through the documented disciplinary process."),
        Definition(
            id: "GOV-OVERSIGHT", title: "Security governance and oversight", frequency: "quarterly",
            nist: [], soc2: ["CC1.2", "CC4.2"],
            description: "A security steering committee that reports to the board meets at least quarterly to review "
                + "risks, control status, incidents and open corrective actions. Minutes record decisions, owners "
                + "and due dates."),
        Definition(
            id: "GOV-ROLES", title: "Security roles and reporting lines", frequency: "annual",
            nist: [], soc2: ["CC1.3"],
            description: "An organisation chart and written role descriptions assign security and compliance "
                + "responsibilities, reporting lines and authority, including the official who affirms CMMC results "
                + "and the owner of each control. They are reviewed every year."),
        Definition(
            id: "GOV-POAM", title: "Plans of action for deficiencies", frequency: "monthly",
            nist: ["3.12.2"], soc2: ["CC4.2"],
            description: "Every deficiency found by assessments, audits, scans or incidents gets a plan of action with "
                + "an owner, milestones and a due date. Open items are reviewed monthly until they are closed."),
        Definition(
            id: "COM-EXTERNAL", title: "External security communication", frequency: "annual",
            nist: [], soc2: ["CC2.3"],
            description: "Customers and other outside parties are told about security commitments, changes that affect "
                + "them and how to report a security concern through a published contact. Commitments in contracts "
                + "and on the public security page are reviewed every year."),

        // MARK: People
        Definition(
            id: "HR-SCREEN", title: "Background screening before access", frequency: "on_event",
            nist: ["3.9.1"], soc2: ["CC1.4"],
            description: "Candidates are screened (identity, employment history and, where the law allows, criminal "
                + "record) before they get access to systems that hold CUI or customer data. HR keeps the result "
                + "with the hiring record."),
        Definition(
            id: "HR-OFFBOARD", title: "Access removal on termination or transfer", frequency: "on_event",
            nist: ["3.9.2"], soc2: ["CC6.2", "CC6.3"],
            description: "A leaver or role-change ticket triggers removal of accounts, tokens, badges and keys within one "
                + "business day (at once for involuntary departures), and the return of company devices and CUI. "
                + "The ticket records each step."),
        Definition(
            id: "HR-PERFORMANCE", title: "Security duties in job descriptions and reviews", frequency: "annual",
            nist: [], soc2: ["CC1.4", "CC1.5"],
            description: "Job descriptions state the security duties and skills each role needs, and the yearly "
                + "performance review assesses how people carried out their control responsibilities."),
        Definition(
            id: "AT-AWARENESS", title: "Security awareness training", frequency: "annual",
            nist: ["3.2.1", "3.2.3"], soc2: ["CC1.4", "CC2.2"],
            description: "All staff complete security awareness training when hired and every year: phishing and social "
                + "engineering, handling FCI and CUI, reporting incidents, and recognising and reporting signs of an "
                + "insider threat. Completion is tracked and chased."),
        Definition(
            id: "AT-ROLE", title: "Role-based security training", frequency: "annual",
            nist: ["3.2.2"], soc2: ["CC1.4", "CC2.2"],
            description: "Administrators, developers, incident responders and others with security duties complete "
                + "training for their role before taking it on and every year after."),

        // MARK: Risk and monitoring
        Definition(
            id: "RISK-ASSESS", title: "Annual risk assessment", frequency: "annual",
            nist: ["3.11.1"], soc2: ["CC3.1", "CC3.2", "CC3.3", "CC3.4", "CC5.1", "CC9.1"],
            description: "Every year and after major changes, the organisation identifies threats, vulnerabilities, "
                + "fraud risks and changes that affect its systems, CUI and objectives, rates likelihood and impact, "
                + "and records treatment decisions and owners in the risk register."),
        Definition(
            id: "MON-CONTROL-TEST", title: "Periodic control self-assessment", frequency: "quarterly",
            nist: ["3.12.1", "3.12.3"], soc2: ["CC4.1", "CC4.2"],
            description: "Control owners test a rotating set of controls every quarter against their evidence, so that "
                + "every control is tested at least once a year. Results are recorded and failures become plans of "
                + "action."),
        Definition(
            id: "SEC-PENTEST", title: "Penetration testing", frequency: "annual",
            nist: [], soc2: ["CC4.1", "CC7.1"],
            description: "An independent tester attacks the external perimeter and the main applications every year and "
                + "after major changes. Findings are risk-rated and tracked to remediation."),
        Definition(
            id: "VEN-REVIEW", title: "Vendor security reviews", frequency: "annual",
            nist: [], soc2: ["CC9.2"],
            description: "Vendors and service providers that handle CUI or customer data are risk-rated before "
                + "onboarding and reviewed every year (SOC 2 reports, FedRAMP status or questionnaires, and the "
                + "security terms of the contract). Issues are tracked to closure."),

        // MARK: Continuity and availability
        Definition(
            id: "BCP-PLAN", title: "Business continuity and disaster recovery plan", frequency: "annual",
            nist: [], soc2: ["CC7.5", "CC9.1", "A1.2"],
            description: "A business continuity and disaster recovery plan sets recovery time and recovery point "
                + "objectives for critical systems, names the people and steps to restore service, and is reviewed "
                + "every year."),
        Definition(
            id: "BCP-DR-TEST", title: "Disaster recovery testing", frequency: "annual",
            nist: [], soc2: ["CC7.5", "A1.3"],
            description: "The recovery plan is exercised at least every year by restoring critical systems from backup or "
                + "failing over to the recovery site. Results, gaps and fixes are recorded."),
        Definition(
            id: "OPS-BACKUP", title: "Backups and restore tests", frequency: "daily",
            nist: ["3.8.9"], soc2: ["A1.2"],
            description: "Critical systems and data are backed up daily to a separate location with restricted access; "
                + "backups holding CUI are encrypted. Failed jobs raise alerts and a restore is tested every quarter."),
        Definition(
            id: "OPS-CAPACITY", title: "Capacity and availability monitoring", frequency: "monthly",
            nist: [], soc2: ["A1.1"],
            description: "Processing, storage and network capacity and service availability are monitored against "
                + "thresholds with alerts. Capacity is reviewed every month and scaling decisions are recorded."),

        // MARK: Identity and access
        Definition(
            id: "IAM-ACCOUNTS", title: "Account provisioning and unique identifiers", frequency: "on_event",
            nist: ["3.1.1", "3.1.2", "3.5.1", "3.5.5"], soc2: ["CC6.1", "CC6.2", "CC6.3"],
            description: "Every user, service and device has its own identifier. Accounts are created only from an "
                + "approved access request that names the role and the systems needed, access follows the role, "
                + "and identifiers are not reused for a set period."),
        Definition(
            id: "IAM-ACCESS-REVIEW", title: "Quarterly user access reviews", frequency: "quarterly",
            nist: ["3.1.1", "3.1.5"], soc2: ["CC6.2", "CC6.3"],
            description: "System owners review all user and privileged access to in-scope systems every quarter. Access "
                + "that is no longer needed is removed, and the signed-off review is kept as evidence."),
        Definition(
            id: "IAM-PRIVILEGED", title: "Privileged access management", frequency: "monthly",
            nist: ["3.1.5", "3.1.6", "3.1.7"], soc2: ["CC6.1", "CC6.3"],
            description: "Administrative rights go only to named administrators, who use a separate non-privileged account "
                + "for everyday work. Other users cannot run privileged functions, every use of privilege is logged, "
                + "and membership of privileged groups is checked monthly."),
        Definition(
            id: "IAM-SOD", title: "Separation of duties", frequency: "annual",
            nist: ["3.1.4"], soc2: ["CC5.1", "CC6.3"],
            description: "Duties that could be abused if one person held them together, such as requesting and approving "
                + "a change or administering and reviewing audit logs, are assigned to different people. The "
                + "matrix is reviewed every year."),
        Definition(
            id: "IAM-MFA", title: "Multifactor authentication", frequency: "monthly",
            nist: ["3.5.3"], soc2: ["CC6.1"], attributes: ["mfa_scope": "all"],
            description: "The identity provider enforces multifactor authentication for every user: for local and network "
                + "access to privileged accounts and for network access to all other accounts. A monthly export of "
                + "the policy and enrolment status is the evidence."),
        Definition(
            id: "IAM-SSO", title: "Central identity provider and strong authentication", frequency: "semiannual",
            nist: ["3.5.2", "3.5.4"], soc2: ["CC6.1"],
            description: "Users and devices authenticate through a central identity provider with replay-resistant "
                + "protocols (SAML or OIDC over TLS, Kerberos) before they get access. Local accounts are disabled or "
                + "kept in a vault."),
        Definition(
            id: "IAM-PASSWORD", title: "Password and authenticator rules", frequency: "annual",
            nist: ["3.5.7", "3.5.8", "3.5.9", "3.5.10", "3.5.11"], soc2: ["CC6.1"],
            description: "Systems enforce minimum length and complexity, refuse recently used passwords, make people change "
                + "a temporary password at first logon, store and send passwords only salted and hashed or "
                + "encrypted, and mask what is typed."),
        Definition(
            id: "IAM-INACTIVE", title: "Disabling inactive accounts", frequency: "monthly",
            nist: ["3.5.6"], soc2: ["CC6.2"],
            description: "Accounts unused for 90 days are disabled automatically or by the monthly review, and the list of "
                + "disabled accounts is kept."),
        Definition(
            id: "IAM-SESSION", title: "Logon and session controls", frequency: "annual",
            nist: ["3.1.8", "3.1.9", "3.1.10", "3.1.11"], soc2: ["CC6.1"],
            description: "Systems lock an account after repeated failed logons, show the approved system-use notice, lock "
                + "idle sessions behind a screen that hides their content after 15 minutes, and end sessions when "
                + "defined conditions occur."),

        // MARK: Network and remote access
        Definition(
            id: "NET-REMOTE-ACCESS", title: "Managed remote access", frequency: "quarterly",
            nist: ["3.1.12", "3.1.13", "3.1.14", "3.1.15", "3.13.7"], soc2: ["CC6.1", "CC6.6", "CC6.7"],
            description: "Remote access goes only through managed, encrypted VPN or zero-trust gateways that log and monitor "
                + "sessions and block split tunnelling. Remote privileged commands are allowed only for approved "
                + "administrators."),
        Definition(
            id: "NET-WIRELESS", title: "Wireless access control", frequency: "annual",
            nist: ["3.1.16", "3.1.17"], soc2: ["CC6.1", "CC6.6"],
            description: "Wireless networks that reach in-scope systems are authorised before use and protected with "
                + "enterprise authentication and encryption (WPA2 or WPA3 Enterprise). Guest wireless is kept apart."),
        Definition(
            id: "NET-EXTERNAL-SYSTEMS", title: "External systems and cloud services", frequency: "annual",
            nist: ["3.1.20", "3.1.21"], soc2: ["CC6.1", "CC6.6"],
            description: "Connections to external systems (cloud services, partner systems, personal devices) are "
                + "approved, limited and documented; cloud services that store CUI meet FedRAMP Moderate or an "
                + "equivalent. Portable storage may not be used on external systems."),
        Definition(
            id: "NET-BOUNDARY", title: "Network boundary protection", frequency: "semiannual",
            nist: ["3.13.1", "3.13.5", "3.13.6"], soc2: ["CC6.1", "CC6.6"],
            description: "Firewalls and cloud security groups guard external and key internal boundaries, deny traffic by "
                + "default and allow approved exceptions only, and keep public-facing systems in separate "
                + "subnetworks. Rule sets are reviewed every six months."),
        Definition(
            id: "NET-SESSION", title: "Network session protection", frequency: "annual",
            nist: ["3.13.9", "3.13.15"], soc2: ["CC6.1", "CC6.7"],
            description: "Network connections close at the end of a session or after a period of inactivity, and "
                + "sessions are protected against hijacking and spoofing (TLS with certificate checks, secure "
                + "session tokens)."),

        // MARK: Endpoints
        Definition(
            id: "END-MOBILE", title: "Mobile device management", frequency: "quarterly",
            nist: ["3.1.18", "3.1.19"], soc2: ["CC6.1", "CC6.7", "CC6.8"],
            description: "Phones, tablets and laptops that reach CUI are enrolled in device management, which enforces a "
                + "screen lock and full-disk encryption and can wipe a lost device. Unmanaged devices are refused."),
        Definition(
            id: "END-MALWARE", title: "Anti-malware protection", frequency: "continuous",
            nist: ["3.14.2", "3.14.4", "3.14.5"], soc2: ["CC6.8"],
            description: "Endpoint protection runs on every supported endpoint and server, updates its engine and "
                + "signatures automatically, scans on a schedule and checks files in real time when they are "
                + "downloaded, opened or run. Coverage is reported."),
        Definition(
            id: "END-COLLAB", title: "Collaboration devices, mobile code and VoIP", frequency: "annual",
            nist: ["3.13.12", "3.13.13", "3.13.14"], soc2: ["CC6.1", "CC6.8"],
            description: "Cameras and microphones cannot be switched on remotely and show when they are in use; scripts, "
                + "macros and browser extensions are allowed only from approved sources; VoIP systems are configured "
                + "securely and monitored."),

        // MARK: Data
        Definition(
            id: "DATA-CLASSIFY", title: "Data classification, CUI marking and flow control", frequency: "annual",
            nist: ["3.1.3", "3.8.4"], soc2: ["CC6.1", "CC6.7", "C1.1"],
            description: "Information is classified (public, internal, confidential, FCI, CUI). CUI is marked and handled "
                + "as the CUI registry requires, and it moves between systems and to outside parties only along "
                + "approved paths enforced by network rules and data loss prevention."),
        Definition(
            id: "DATA-PUBLIC-CONTENT", title: "Review of publicly posted content", frequency: "on_event",
            nist: ["3.1.22"], soc2: ["C1.1"],
            description: "Only authorised, trained people publish to public websites and repositories. Content is "
                + "reviewed before it goes out so that no FCI or CUI is posted, and public sites are checked "
                + "every quarter."),
        Definition(
            id: "DATA-RETENTION", title: "Retention and disposal of confidential information", frequency: "annual",
            nist: [], soc2: ["C1.1", "C1.2"],
            description: "A retention schedule says how long confidential and customer information is kept. Information "
                + "past its retention period is securely deleted and the deletion is recorded."),

        // MARK: Logging and detection
        Definition(
            id: "LOG-AUDIT", title: "Audit logging", frequency: "continuous",
            nist: ["3.3.1", "3.3.2", "3.3.3", "3.3.4", "3.3.7", "3.3.8", "3.3.9"], soc2: ["CC7.2"],
            description: "Systems send audit logs that identify the user and carry synchronised timestamps to a central, "
                + "tamper-protected store kept for at least a year. Logging failures raise alerts, only a few "
                + "administrators manage logging, and the list of logged events is reviewed every year."),
        Definition(
            id: "LOG-REVIEW", title: "Log review and correlation", frequency: "weekly",
            nist: ["3.3.5", "3.3.6"], soc2: ["CC7.2", "CC7.3"],
            description: "Security staff review and correlate logs in the SIEM at least weekly, using filters and "
                + "on-demand reports to investigate suspicious activity. Reviews and follow-up tickets are recorded."),
        Definition(
            id: "SEC-MONITORING", title: "Intrusion detection and security alerting", frequency: "continuous",
            nist: ["3.14.6", "3.14.7"], soc2: ["CC6.6", "CC7.2", "CC7.3"],
            description: "Endpoint and network detection tools watch systems and inbound and outbound traffic for attacks, "
                + "signs of compromise and unauthorised use. On-call staff triage every alert."),
        Definition(
            id: "SEC-ADVISORIES", title: "Security advisory monitoring", frequency: "weekly",
            nist: ["3.14.3"], soc2: ["CC3.2", "CC7.1"],
            description: "Security staff follow vendor, CISA and other government advisories every week, decide which "
                + "apply to the environment and open tickets for the response."),

        // MARK: Configuration and change
        Definition(
            id: "ASSET-INVENTORY", title: "Asset inventory", frequency: "quarterly",
            nist: ["3.4.1"], soc2: ["CC2.1", "CC6.1"],
            description: "An inventory of hardware, software, cloud resources and data stores, each with an owner and its "
                + "CUI scope, is kept up to date (automatically where possible) and reconciled every quarter."),
        Definition(
            id: "CFG-BASELINE", title: "Secure configuration baselines", frequency: "quarterly",
            nist: ["3.4.1", "3.4.2", "3.4.6", "3.4.7"], soc2: ["CC5.2", "CC7.1"],
            description: "Hardened baseline configurations (for example CIS Benchmarks) are defined for each kind of "
                + "system and enforced through configuration management; systems run only the functions, ports and "
                + "services they need, and drift from the baseline is detected and corrected."),
        Definition(
            id: "CHG-MGMT", title: "Change management tickets", frequency: "on_event",
            nist: ["3.4.3", "3.4.4", "3.4.5"], soc2: ["CC3.4", "CC8.1"],
            description: "Every change to production and to the CUI environment is raised as a ticket, assessed for "
                + "security impact, approved by someone other than its author, tested and recorded. Only authorised "
                + "staff can deploy changes."),
        Definition(
            id: "CFG-SOFTWARE", title: "Software allowlisting and installation control", frequency: "quarterly",
            nist: ["3.4.8", "3.4.9"], soc2: ["CC6.8"],
            description: "Only approved software may run (application allowlisting), users cannot install software "
                + "without approval, and installed software is compared with the approved list every quarter."),
        Definition(
            id: "SDLC-SECURE", title: "Secure architecture and engineering", frequency: "annual",
            nist: ["3.13.2", "3.13.3", "3.13.4"], soc2: ["CC5.2", "CC8.1"],
            description: "Systems and software are built to documented security principles (defence in depth, least "
                + "functionality, administrative interfaces kept apart from user interfaces, no leakage through "
                + "shared resources), and significant designs get a recorded security review."),
        Definition(
            id: "MNT-MAINTENANCE", title: "Controlled system maintenance", frequency: "quarterly",
            nist: ["3.7.1", "3.7.2", "3.7.3", "3.7.4", "3.7.5", "3.7.6"], soc2: ["CC8.1", "A1.2"],
            description: "Maintenance is scheduled and recorded; maintenance tools and staff are controlled; equipment "
                + "sent away for repair is cleared of CUI; diagnostic media are scanned for malware first; remote "
                + "maintenance needs multifactor authentication and is closed when done; and maintenance staff "
                + "without access rights are escorted."),

        // MARK: Vulnerabilities
        Definition(
            id: "VULN-SCAN", title: "Vulnerability scanning and remediation", frequency: "monthly",
            nist: ["3.11.2", "3.11.3"], soc2: ["CC4.1", "CC7.1"],
            description: "Authenticated vulnerability scans run at least monthly and when new critical vulnerabilities "
                + "are announced. Findings are risk-rated and fixed within set times (critical 15 days, high 30 days) "
                + "or tracked as approved exceptions."),
        Definition(
            id: "VULN-PATCH", title: "Patch management", frequency: "monthly",
            nist: ["3.14.1"], soc2: ["CC7.1", "CC8.1"],
            description: "Flaws in operating systems, applications and firmware are identified, reported and patched on "
                + "a monthly cycle, with emergency patching for flaws that are being exploited. Patch compliance is "
                + "reported every month."),

        // MARK: Incident response
        Definition(
            id: "IR-PLAN", title: "Incident response plan", frequency: "annual",
            nist: ["3.6.1"], soc2: ["CC7.3", "CC7.4", "CC7.5"],
            description: "An incident response plan covers preparation, detection, analysis, containment, recovery and "
                + "user response, with named roles and contacts. It is reviewed every year and after significant "
                + "incidents."),
        Definition(
            id: "IR-REPORTING", title: "Incident tracking and reporting", frequency: "on_event",
            nist: ["3.6.2"], soc2: ["CC2.3", "CC7.3", "CC7.4"],
            description: "Every security incident is tracked in a ticket with its timeline, impact and actions, escalated "
                + "internally, and reported to customers and authorities as required: cyber incidents affecting CUI "
                + "go to the DoD within 72 hours (DFARS 252.204-7012)."),
        Definition(
            id: "IR-TEST", title: "Incident response exercise", frequency: "annual",
            nist: ["3.6.3"], soc2: ["CC7.4", "CC7.5"],
            description: "The incident response capability is tested at least every year with a tabletop or simulation "
                + "exercise; lessons learned update the plan."),

        // MARK: Media
        Definition(
            id: "MEDIA-PROTECT", title: "Protection of CUI media", frequency: "annual",
            nist: ["3.8.1", "3.8.2", "3.8.5"], soc2: ["CC6.4", "C1.1"],
            description: "Paper and digital media holding CUI are kept in locked containers or access-controlled areas, "
                + "given only to authorised users, and tracked with a chain of custody when carried outside "
                + "controlled areas."),
        Definition(
            id: "MEDIA-REMOVABLE", title: "Removable media control", frequency: "quarterly",
            nist: ["3.8.7", "3.8.8"], soc2: ["CC6.7", "CC6.8"],
            description: "USB drives and other removable media are blocked by default through device control. Exceptions "
                + "are approved for identified, company-owned devices only."),
        Definition(
            id: "MEDIA-SANITIZE", title: "Media sanitisation and disposal", frequency: "on_event",
            nist: ["3.8.3"], soc2: ["CC6.5", "C1.2"],
            description: "Media and equipment that held FCI or CUI are wiped with approved methods or physically destroyed "
                + "before disposal or reuse, and a certificate of sanitisation or destruction is kept."),

        // MARK: Physical
        Definition(
            id: "PHY-ACCESS", title: "Physical access control", frequency: "quarterly",
            nist: ["3.10.1", "3.10.5"], soc2: ["CC6.4"],
            description: "Entry to offices and areas with in-scope systems needs a badge or key issued on approval. Badges, "
                + "keys and combinations are inventoried and recovered or changed when people leave, and access lists "
                + "are reviewed every quarter."),
        Definition(
            id: "PHY-VISITORS", title: "Visitor escort and entry logs", frequency: "monthly",
            nist: ["3.10.3", "3.10.4"], soc2: ["CC6.4"],
            description: "Visitors sign in, wear a visible badge and are escorted in controlled areas. Visitor logs and "
                + "badge-reader logs are kept and reviewed every month."),
        Definition(
            id: "PHY-FACILITY", title: "Facility monitoring and environmental safeguards", frequency: "quarterly",
            nist: ["3.10.2"], soc2: ["CC6.4", "A1.2"],
            description: "Facilities that house in-scope systems are protected and watched (alarms, cameras, locked "
                + "equipment rooms) and have power, fire and climate safeguards; for hosted systems, the provider's "
                + "assurance reports are reviewed instead."),
        Definition(
            id: "PHY-ALT-SITE", title: "Remote and alternate work sites", frequency: "annual",
            nist: ["3.10.6"], soc2: ["CC6.4", "CC6.7"],
            description: "Staff who handle CUI at home or other alternate sites follow written safeguarding rules (private "
                + "workspace, locked storage, company devices only, no personal printing) and acknowledge them every "
                + "year."),

        // MARK: Cryptography
        Definition(
            id: "CRY-ENCRYPTION", title: "Encryption of CUI with FIPS-validated cryptography", frequency: "annual",
            nist: ["3.8.6", "3.13.8", "3.13.11", "3.13.16"], soc2: ["CC6.1", "CC6.7", "C1.1"],
            attributes: ["encryption": "fips_validated"],
            description: "CUI is encrypted in transit and at rest, including on portable media, with FIPS 140-validated "
                + "cryptographic modules; the validation certificate of each product is recorded. Any use of "
                + "non-validated cryptography is tracked in a plan of action."),
        Definition(
            id: "CRY-KEYS", title: "Cryptographic key management", frequency: "annual",
            nist: ["3.13.10"], soc2: ["CC6.1"],
            description: "Keys and certificates are generated, stored, rotated and revoked under a documented procedure, "
                + "held in a key management service or hardware security module, and accessible only to named "
                + "custodians."),
    ]
}
