// Copied verbatim from reference/nist-800-171r2.csv (line endings normalised to LF).
// Do not edit by hand: copy the reference CSV again if it changes.

extension BuiltInData {
    /// NIST SP 800-171 r2 requirements: id, family, kind (basic/derived), DoD Assessment
    /// Methodology v1.2.1 / 32 CFR 170.24(c)(2) point values (blank = no value: 3.12.4), partial
    /// credit (3.5.3, 3.13.11), the CMMC Level 2 id and our own short title.
    static let nist800171r2 = #"""
id,family_code,family_name,kind,points,partial_points,cmmc_id,title
3.1.1,AC,Access Control,basic,5,,AC.L2-3.1.1,"Only approved users, processes and devices may use the system"
3.1.2,AC,Access Control,basic,5,,AC.L2-3.1.2,Restrict each user to the transactions and functions they are allowed
3.1.3,AC,Access Control,derived,1,,AC.L2-3.1.3,Enforce approved paths for how CUI moves between systems
3.1.4,AC,Access Control,derived,1,,AC.L2-3.1.4,Split sensitive duties so one person cannot act alone
3.1.5,AC,Access Control,derived,3,,AC.L2-3.1.5,"Grant minimum necessary privileges, including for security functions"
3.1.6,AC,Access Control,derived,1,,AC.L2-3.1.6,Use non-admin accounts for everyday non-security work
3.1.7,AC,Access Control,derived,1,,AC.L2-3.1.7,Block non-privileged users from privileged functions; log privileged use
3.1.8,AC,Access Control,derived,1,,AC.L2-3.1.8,Cap repeated failed login attempts
3.1.9,AC,Access Control,derived,1,,AC.L2-3.1.9,Display required privacy and security banners
3.1.10,AC,Access Control,derived,1,,AC.L2-3.1.10,Lock idle sessions and hide the screen contents
3.1.11,AC,Access Control,derived,1,,AC.L2-3.1.11,End user sessions automatically when set conditions occur
3.1.12,AC,Access Control,derived,5,,AC.L2-3.1.12,Supervise and regulate remote-access sessions
3.1.13,AC,Access Control,derived,5,,AC.L2-3.1.13,Encrypt remote-access sessions to keep them confidential
3.1.14,AC,Access Control,derived,1,,AC.L2-3.1.14,Send all remote access through managed gateways
3.1.15,AC,Access Control,derived,1,,AC.L2-3.1.15,Require approval for remote admin commands and security data
3.1.16,AC,Access Control,derived,5,,AC.L2-3.1.16,Approve wireless access before any connection is allowed
3.1.17,AC,Access Control,derived,5,,AC.L2-3.1.17,Require authentication plus encryption on wireless links
3.1.18,AC,Access Control,derived,5,,AC.L2-3.1.18,Govern how mobile devices connect to the system
3.1.19,AC,Access Control,derived,3,,AC.L2-3.1.19,"Encrypt CUI held on phones, tablets and laptops"
3.1.20,AC,Access Control,derived,1,,AC.L2-3.1.20,Vet and limit external system connections and their use
3.1.21,AC,Access Control,derived,1,,AC.L2-3.1.21,Restrict portable storage use on outside systems
3.1.22,AC,Access Control,derived,1,,AC.L2-3.1.22,Keep CUI off public-facing systems and sites
3.2.1,AT,Awareness and Training,basic,5,,AT.L2-3.2.1,"Make managers, admins and users aware of security risks and rules"
3.2.2,AT,Awareness and Training,basic,5,,AT.L2-3.2.2,Train staff for their assigned security responsibilities
3.2.3,AT,Awareness and Training,derived,1,,AT.L2-3.2.3,Teach staff to spot and report insider-threat warning signs
3.3.1,AU,Audit and Accountability,basic,5,,AU.L2-3.3.1,Generate and keep audit logs sufficient for investigations
3.3.2,AU,Audit and Accountability,basic,3,,AU.L2-3.3.2,Make every user action traceable to an individual
3.3.3,AU,Audit and Accountability,derived,1,,AU.L2-3.3.3,Periodically revisit which events get logged
3.3.4,AU,Audit and Accountability,derived,1,,AU.L2-3.3.4,Raise an alert when audit logging breaks
3.3.5,AU,Audit and Accountability,derived,5,,AU.L2-3.3.5,Correlate log review and reporting to investigate suspicious activity
3.3.6,AU,Audit and Accountability,derived,1,,AU.L2-3.3.6,Provide log filtering and on-demand audit reports
3.3.7,AU,Audit and Accountability,derived,1,,AU.L2-3.3.7,Sync clocks to an authoritative time source for log timestamps
3.3.8,AU,Audit and Accountability,derived,1,,AU.L2-3.3.8,Shield logs and logging tools from tampering or deletion
3.3.9,AU,Audit and Accountability,derived,1,,AU.L2-3.3.9,Let only a few privileged users manage audit logging
3.4.1,CM,Configuration Management,basic,5,,CM.L2-3.4.1,Keep configuration baselines and asset inventories current
3.4.2,CM,Configuration Management,basic,5,,CM.L2-3.4.2,Define and enforce hardened configuration settings
3.4.3,CM,Configuration Management,derived,1,,CM.L2-3.4.3,"Track, approve and record system changes"
3.4.4,CM,Configuration Management,derived,1,,CM.L2-3.4.4,Assess security impact before making changes
3.4.5,CM,Configuration Management,derived,5,,CM.L2-3.4.5,Limit who can physically or logically make changes
3.4.6,CM,Configuration Management,derived,5,,CM.L2-3.4.6,Configure systems to offer only essential capabilities
3.4.7,CM,Configuration Management,derived,5,,CM.L2-3.4.7,"Turn off unneeded software, services, ports and protocols"
3.4.8,CM,Configuration Management,derived,5,,CM.L2-3.4.8,Use blocklisting or allowlisting to control which software runs
3.4.9,CM,Configuration Management,derived,1,,CM.L2-3.4.9,Govern and watch software that users install
3.5.1,IA,Identification and Authentication,basic,5,,IA.L2-3.5.1,"Give users, processes and devices unique identifiers"
3.5.2,IA,Identification and Authentication,basic,5,,IA.L2-3.5.2,Confirm who or what is connecting before granting access
3.5.3,IA,Identification and Authentication,derived,5,3,IA.L2-3.5.3,Require multifactor login for privileged and network access
3.5.4,IA,Identification and Authentication,derived,1,,IA.L2-3.5.4,Use replay-resistant authentication for network logins
3.5.5,IA,Identification and Authentication,derived,1,,IA.L2-3.5.5,Wait a set time before reassigning any user ID
3.5.6,IA,Identification and Authentication,derived,1,,IA.L2-3.5.6,Deactivate user IDs left unused for a set time
3.5.7,IA,Identification and Authentication,derived,1,,IA.L2-3.5.7,Enforce password complexity and character changes
3.5.8,IA,Identification and Authentication,derived,1,,IA.L2-3.5.8,Block reuse of recent passwords for set generations
3.5.9,IA,Identification and Authentication,derived,1,,IA.L2-3.5.9,Force temporary passwords to be changed at first login
3.5.10,IA,Identification and Authentication,derived,5,,IA.L2-3.5.10,Store and send passwords only in protected (hashed/encrypted) form
3.5.11,IA,Identification and Authentication,derived,1,,IA.L2-3.5.11,Mask authentication input and feedback on screen
3.6.1,IR,Incident Response,basic,5,,IR.L2-3.6.1,"Run a working incident-handling capability, prepare through recovery"
3.6.2,IR,Incident Response,basic,5,,IR.L2-3.6.2,Log incidents and escalate them to designated internal/external authorities
3.6.3,IR,Incident Response,derived,1,,IR.L2-3.6.3,Exercise and test the incident response capability
3.7.1,MA,Maintenance,basic,3,,MA.L2-3.7.1,Carry out system maintenance
3.7.2,MA,Maintenance,basic,5,,MA.L2-3.7.2,"Control maintenance tools, methods and maintenance staff"
3.7.3,MA,Maintenance,derived,1,,MA.L2-3.7.3,Remove CUI from equipment sent off-site for repair
3.7.4,MA,Maintenance,derived,3,,MA.L2-3.7.4,Scan diagnostic and test media for malware before use
3.7.5,MA,Maintenance,derived,5,,MA.L2-3.7.5,Use MFA for remote maintenance sessions and close them afterward
3.7.6,MA,Maintenance,derived,1,,MA.L2-3.7.6,Supervise maintenance workers who lack access authorization
3.8.1,MP,Media Protection,basic,3,,MP.L2-3.8.1,"Physically secure and store CUI media, paper and digital"
3.8.2,MP,Media Protection,basic,3,,MP.L2-3.8.2,Allow only authorized users to reach CUI on media
3.8.3,MP,Media Protection,basic,5,,MP.L2-3.8.3,Wipe or destroy CUI media before disposal or reuse
3.8.4,MP,Media Protection,derived,1,,MP.L2-3.8.4,Put CUI labels and handling limits on media
3.8.5,MP,Media Protection,derived,1,,MP.L2-3.8.5,Control and account for CUI media carried outside secure areas
3.8.6,MP,Media Protection,derived,1,,MP.L2-3.8.6,Encrypt CUI on media in transit unless physically protected
3.8.7,MP,Media Protection,derived,5,,MP.L2-3.8.7,Govern USB and other removable media on endpoints and servers
3.8.8,MP,Media Protection,derived,3,,MP.L2-3.8.8,Ban portable storage devices that have no known owner
3.8.9,MP,Media Protection,derived,1,,MP.L2-3.8.9,Keep backed-up CUI confidential where it is stored
3.9.1,PS,Personnel Security,basic,3,,PS.L2-3.9.1,Screen people before giving them access to CUI systems
3.9.2,PS,Personnel Security,basic,5,,PS.L2-3.9.2,Protect CUI systems when staff leave or change roles
3.10.1,PE,Physical Protection,basic,5,,PE.L2-3.10.1,Restrict physical access to systems and facilities to authorized people
3.10.2,PE,Physical Protection,basic,5,,PE.L2-3.10.2,Protect and watch the facility and supporting infrastructure
3.10.3,PE,Physical Protection,derived,1,,PE.L2-3.10.3,Accompany visitors and watch what they do
3.10.4,PE,Physical Protection,derived,1,,PE.L2-3.10.4,Keep records of who physically entered
3.10.5,PE,Physical Protection,derived,1,,PE.L2-3.10.5,"Manage keys, badges and other physical access devices"
3.10.6,PE,Physical Protection,derived,1,,PE.L2-3.10.6,Protect CUI when staff work from home or other off-site locations
3.11.1,RA,Risk Assessment,basic,3,,RA.L2-3.11.1,Periodically assess organizational risk from CUI systems
3.11.2,RA,Risk Assessment,derived,5,,RA.L2-3.11.2,Scan for vulnerabilities routinely and when new ones appear
3.11.3,RA,Risk Assessment,derived,1,,RA.L2-3.11.3,Fix vulnerabilities in line with assessed risk
3.12.1,CA,Security Assessment,basic,5,,CA.L2-3.12.1,Periodically test whether security controls work
3.12.2,CA,Security Assessment,basic,3,,CA.L2-3.12.2,Write and execute plans of action to fix deficiencies
3.12.3,CA,Security Assessment,basic,5,,CA.L2-3.12.3,Continuously monitor controls for ongoing effectiveness
3.12.4,CA,Security Assessment,basic,,,CA.L2-3.12.4,Write and maintain a system security plan (SSP)
3.13.1,SC,System and Communications Protection,basic,5,,SC.L2-3.13.1,Watch and protect traffic at the outer and key inner boundaries
3.13.2,SC,System and Communications Protection,basic,5,,SC.L2-3.13.2,"Apply secure architecture, development and engineering principles"
3.13.3,SC,System and Communications Protection,derived,1,,SC.L2-3.13.3,Keep user functions apart from system management functions
3.13.4,SC,System and Communications Protection,derived,1,,SC.L2-3.13.4,Prevent data leakage through shared system resources
3.13.5,SC,System and Communications Protection,derived,5,,SC.L2-3.13.5,Put public-facing components in separated subnetworks (DMZ)
3.13.6,SC,System and Communications Protection,derived,5,,SC.L2-3.13.6,Default-deny network traffic; allow only by exception
3.13.7,SC,System and Communications Protection,derived,1,,SC.L2-3.13.7,Stop remote devices from split tunneling
3.13.8,SC,System and Communications Protection,derived,3,,SC.L2-3.13.8,Encrypt CUI in transit unless physically protected
3.13.9,SC,System and Communications Protection,derived,1,,SC.L2-3.13.9,Close network connections at session end or after idle time
3.13.10,SC,System and Communications Protection,derived,1,,SC.L2-3.13.10,Create and control the lifecycle of crypto keys
3.13.11,SC,System and Communications Protection,derived,5,3,SC.L2-3.13.11,Use FIPS-validated crypto modules when protecting CUI confidentiality
3.13.12,SC,System and Communications Protection,derived,1,,SC.L2-3.13.12,No remote switch-on of cameras/mics; show when in use
3.13.13,SC,System and Communications Protection,derived,1,,SC.L2-3.13.13,Govern and watch mobile code such as scripts and applets
3.13.14,SC,System and Communications Protection,derived,1,,SC.L2-3.13.14,Govern and watch VoIP telephony use
3.13.15,SC,System and Communications Protection,derived,5,,SC.L2-3.13.15,Ensure communication sessions are authentic (no hijacking)
3.13.16,SC,System and Communications Protection,derived,1,,SC.L2-3.13.16,Keep stored CUI (data at rest) confidential
3.14.1,SI,System and Information Integrity,basic,5,,SI.L2-3.14.1,"Find, report and fix system flaws promptly"
3.14.2,SI,System and Information Integrity,basic,5,,SI.L2-3.14.2,Deploy anti-malware at designated points
3.14.3,SI,System and Information Integrity,basic,5,,SI.L2-3.14.3,Track vendor and government security advisories and respond
3.14.4,SI,System and Information Integrity,derived,5,,SI.L2-3.14.4,Keep anti-malware engines and signatures up to date
3.14.5,SI,System and Information Integrity,derived,3,,SI.L2-3.14.5,Scan systems routinely and check downloaded/opened files in real time
3.14.6,SI,System and Information Integrity,derived,5,,SI.L2-3.14.6,Watch hosts and network traffic for signs of attack
3.14.7,SI,System and Information Integrity,derived,3,,SI.L2-3.14.7,Spot misuse or unapproved use of systems
"""#
}
