// Copied verbatim from reference/cmmc-l1.csv (line endings normalised to LF).
// Do not edit by hand: copy the reference CSV again if it changes.

extension BuiltInData {
    /// CMMC Level 1: the 15 FAR 52.204-21(b)(1) requirements (32 CFR 170.14(c)(2)) with the 17
    /// NIST SP 800-171 r2 requirements they correspond to (CMMC Model Overview v2.13).
    static let cmmcL1 = #"""
cmmc_id,domain,far_clause,nist_ids,cmmc_l2_ids,legacy_cmmc_v2_ids,l2_points,title
AC.L1-b.1.i,AC,FAR 52.204-21(b)(1)(i),3.1.1,AC.L2-3.1.1,AC.L1-3.1.1,5,"Only approved users, processes and devices may access systems holding FCI"
AC.L1-b.1.ii,AC,FAR 52.204-21(b)(1)(ii),3.1.2,AC.L2-3.1.2,AC.L1-3.1.2,5,Restrict users to the transactions and functions they are allowed
AC.L1-b.1.iii,AC,FAR 52.204-21(b)(1)(iii),3.1.20,AC.L2-3.1.20,AC.L1-3.1.20,1,Vet and limit external system connections and their use
AC.L1-b.1.iv,AC,FAR 52.204-21(b)(1)(iv),3.1.22,AC.L2-3.1.22,AC.L1-3.1.22,1,Control what is posted on public-facing systems
IA.L1-b.1.v,IA,FAR 52.204-21(b)(1)(v),3.5.1,IA.L2-3.5.1,IA.L1-3.5.1,5,"Give users, processes and devices identifiers"
IA.L1-b.1.vi,IA,FAR 52.204-21(b)(1)(vi),3.5.2,IA.L2-3.5.2,IA.L1-3.5.2,5,Confirm who or what is connecting before granting access
MP.L1-b.1.vii,MP,FAR 52.204-21(b)(1)(vii),3.8.3,MP.L2-3.8.3,MP.L1-3.8.3,5,Wipe or destroy FCI media before disposal or reuse
PE.L1-b.1.viii,PE,FAR 52.204-21(b)(1)(viii),3.10.1,PE.L2-3.10.1,PE.L1-3.10.1,5,Restrict physical access to systems and facilities
PE.L1-b.1.ix,PE,FAR 52.204-21(b)(1)(ix),3.10.3;3.10.4;3.10.5,PE.L2-3.10.3;PE.L2-3.10.4;PE.L2-3.10.5,PE.L1-3.10.3;PE.L1-3.10.4;PE.L1-3.10.5,1;1;1,"Escort visitors, log physical entry, manage keys and badges"
SC.L1-b.1.x,SC,FAR 52.204-21(b)(1)(x),3.13.1,SC.L2-3.13.1,SC.L1-3.13.1,5,Watch and protect traffic at the outer and key inner boundaries
SC.L1-b.1.xi,SC,FAR 52.204-21(b)(1)(xi),3.13.5,SC.L2-3.13.5,SC.L1-3.13.5,5,Separate public-facing components into their own subnetworks
SI.L1-b.1.xii,SI,FAR 52.204-21(b)(1)(xii),3.14.1,SI.L2-3.14.1,SI.L1-3.14.1,5,"Find, report and fix system flaws promptly"
SI.L1-b.1.xiii,SI,FAR 52.204-21(b)(1)(xiii),3.14.2,SI.L2-3.14.2,SI.L1-3.14.2,5,Deploy anti-malware at appropriate points
SI.L1-b.1.xiv,SI,FAR 52.204-21(b)(1)(xiv),3.14.4,SI.L2-3.14.4,SI.L1-3.14.4,5,Keep anti-malware engines and signatures current
SI.L1-b.1.xv,SI,FAR 52.204-21(b)(1)(xv),3.14.5,SI.L2-3.14.5,SI.L1-3.14.5,3,Scan systems routinely and check downloaded/opened files in real time
"""#
}
