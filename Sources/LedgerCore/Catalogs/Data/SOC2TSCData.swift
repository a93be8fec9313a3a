// Copied verbatim from reference/soc2-tsc.csv (line endings normalised to LF).
// Do not edit by hand: copy the reference CSV again if it changes.

extension BuiltInData {
    /// SOC 2: the 61 AICPA Trust Services Criteria (2017, points of focus revised 2022) with
    /// category and group; titles are our own paraphrase.
    static let soc2TSC2017 = #"""
id,category,group,title
CC1.1,security,Control Environment,Leaders visibly uphold integrity and ethical conduct
CC1.2,security,Control Environment,Board is independent and oversees internal control
CC1.3,security,Control Environment,"Management defines org structure, reporting paths and authority"
CC1.4,security,Control Environment,"Hire, develop and keep competent staff"
CC1.5,security,Control Environment,Hold people accountable for control responsibilities
CC2.1,security,Communication and Information,Produce and use reliable information to support controls
CC2.2,security,Communication and Information,Communicate control objectives and duties internally
CC2.3,security,Communication and Information,Communicate control-relevant matters to outside parties
CC3.1,security,Risk Assessment,Set objectives clearly enough to identify risks
CC3.2,security,Risk Assessment,Identify and analyze risks to objectives
CC3.3,security,Risk Assessment,Consider fraud potential when assessing risk
CC3.4,security,Risk Assessment,Identify and assess changes that affect internal control
CC4.1,security,Monitoring Activities,Run ongoing and separate evaluations of controls
CC4.2,security,Monitoring Activities,Report control deficiencies promptly for correction
CC5.1,security,Control Activities,Select control activities that reduce risk acceptably
CC5.2,security,Control Activities,Select general IT controls that support objectives
CC5.3,security,Control Activities,Deploy controls through policies and procedures
CC6.1,security,Logical and Physical Access Controls,"Technical logical-access safeguards (software, network, architecture)"
CC6.2,security,Logical and Physical Access Controls,Register and authorize users before credentials; remove when unneeded
CC6.3,security,Logical and Physical Access Controls,"Grant, change and revoke access by role (least privilege, SoD)"
CC6.4,security,Logical and Physical Access Controls,Limit who can physically enter facilities and sensitive areas
CC6.5,security,Logical and Physical Access Controls,Retire asset protections only once data is unrecoverable
CC6.6,security,Logical and Physical Access Controls,Defend against threats from outside system boundaries
CC6.7,security,Logical and Physical Access Controls,Control and protect data in transit or being moved out
CC6.8,security,Logical and Physical Access Controls,Block or catch malware and unapproved software
CC7.1,security,System Operations,Detect configuration drift and newly found vulnerabilities
CC7.2,security,System Operations,Monitor components for anomalies signalling attacks or errors
CC7.3,security,System Operations,Evaluate security events to decide if they are incidents
CC7.4,security,System Operations,Respond to incidents through a defined response program
CC7.5,security,System Operations,Restore normal operations after security incidents
CC8.1,security,Change Management,"Formal change management for systems, data and procedures"
CC9.1,security,Risk Mitigation,Mitigate risks from business disruptions
CC9.2,security,Risk Mitigation,Assess and manage vendor and business-partner risk
A1.1,availability,Additional Criteria for Availability,Monitor and manage processing capacity and demand
A1.2,availability,Additional Criteria for Availability,"Environmental protection, backups and recovery infrastructure"
A1.3,availability,Additional Criteria for Availability,Test recovery plan procedures
C1.1,confidentiality,Additional Criteria for Confidentiality,Identify and protect confidential information
C1.2,confidentiality,Additional Criteria for Confidentiality,Dispose of confidential information properly
PI1.1,processing_integrity,Additional Criteria for Processing Integrity,Define and communicate processing objectives and specifications
PI1.2,processing_integrity,Additional Criteria for Processing Integrity,Ensure inputs are complete and accurate
PI1.3,processing_integrity,Additional Criteria for Processing Integrity,Control system processing to meet objectives
PI1.4,processing_integrity,Additional Criteria for Processing Integrity,"Deliver outputs completely, accurately and on time"
PI1.5,processing_integrity,Additional Criteria for Processing Integrity,"Store inputs, in-process items and outputs accurately"
P1.1,privacy,Privacy: Notice and Communication of Objectives,Tell data subjects about privacy practices and changes
P2.1,privacy,Privacy: Choice and Consent,Offer choices and obtain consent for personal data handling
P3.1,privacy,Privacy: Collection,Collect personal data only in line with objectives
P3.2,privacy,Privacy: Collection,Get explicit consent before collection where required
P4.1,privacy,"Privacy: Use, Retention, and Disposal",Use personal data only for the stated purposes
P4.2,privacy,"Privacy: Use, Retention, and Disposal",Keep personal data only as long as objectives require
P4.3,privacy,"Privacy: Use, Retention, and Disposal",Dispose of personal data securely
P5.1,privacy,Privacy: Access,Let data subjects access their personal data
P5.2,privacy,Privacy: Access,Correct or amend personal data on request
P6.1,privacy,Privacy: Disclosure and Notification,Share with third parties only with consent
P6.2,privacy,Privacy: Disclosure and Notification,Log approved disclosures of personal data
P6.3,privacy,Privacy: Disclosure and Notification,Record unauthorized disclosures and breaches
P6.4,privacy,Privacy: Disclosure and Notification,Bind vendors to privacy terms and monitor their compliance
P6.5,privacy,Privacy: Disclosure and Notification,Require vendors to report unauthorized disclosures
P6.6,privacy,Privacy: Disclosure and Notification,Notify affected parties and regulators of breaches
P6.7,privacy,Privacy: Disclosure and Notification,Give data subjects an accounting of their data and disclosures
P7.1,privacy,Privacy: Quality,"Keep personal data accurate, complete and relevant"
P8.1,privacy,Privacy: Monitoring and Enforcement,"Resolve privacy questions, complaints and disputes"
"""#
}
