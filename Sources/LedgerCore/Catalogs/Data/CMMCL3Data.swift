// Transcribed from reference/cmmc-rules.md section 8 (the table of the 24 Level 3 requirements,
// 32 CFR 170.14(c)(4), checked there against CMMC Model Overview v2.13 and the L3 Assessment
// Guide v2.13). The descriptions are the short ones that section gives, in our own words; the
// reference has no longer titles, so none are invented here.

extension BuiltInData {
    /// CMMC Level 3: the 24 selected NIST SP 800-172 requirements (CMMC id, short description).
    static let cmmcL3 = #"""
cmmc_id,title
AC.L3-3.1.2e,only organization-owned/issued assets may connect
AC.L3-3.1.3e,secure transfer between security domains
AT.L3-3.2.1e,training on advanced threats and social engineering
AT.L3-3.2.2e,hands-on/practical security exercises
CM.L3-3.4.1e,authoritative repository of approved components
CM.L3-3.4.2e,automated detection and remediation of misconfigured components
CM.L3-3.4.3e,automated asset discovery and inventory
IA.L3-3.5.1e,mutual (bidirectional) device authentication
IA.L3-3.5.3e,block untrusted/unknown assets from connecting
IR.L3-3.6.1e,24/7 security operations center
IR.L3-3.6.2e,rapid-deploy cyber incident response team
PS.L3-3.9.2e,act on adverse information about personnel
RA.L3-3.11.1e,risk assessment informed by threat intelligence
RA.L3-3.11.2e,threat hunting
RA.L3-3.11.3e,advanced automated risk identification/analysis
RA.L3-3.11.4e,documented rationale for chosen security solutions
RA.L3-3.11.5e,periodic assessment of security solution effectiveness
RA.L3-3.11.6e,respond to supply-chain risks
RA.L3-3.11.7e,supply-chain risk management plan
CA.L3-3.12.1e,penetration testing
SC.L3-3.13.4e,isolation of systems/components
SI.L3-3.14.1e,integrity verification (e.g. roots of trust)
SI.L3-3.14.3e,security for specialized assets (IoT/OT/test equipment)
SI.L3-3.14.6e,threat-indicator-guided intrusion detection
"""#
}
