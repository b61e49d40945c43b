// Uniqueness constraints on every key of docs/graph-model.md, then indexes pages filter by.
// Every statement is idempotent (IF NOT EXISTS), so `cseboard db init` can run any number of times.
// Records keyed by (agency, source_ref) are unique on their `agency/source_ref` key property; a
// second composite constraint would only double the index work of every import.
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.person_id IS UNIQUE;
CREATE CONSTRAINT agency_record_id IF NOT EXISTS FOR (n:AgencyRecord) REQUIRE n.record_key IS UNIQUE;
CREATE CONSTRAINT location_id IF NOT EXISTS FOR (n:Location) REQUIRE n.location_id IS UNIQUE;
CREATE CONSTRAINT vehicle_vrm IF NOT EXISTS FOR (n:Vehicle) REQUIRE n.vrm IS UNIQUE;
CREATE CONSTRAINT phone_e164 IF NOT EXISTS FOR (n:Phone) REQUIRE n.e164 IS UNIQUE;
CREATE CONSTRAINT online_account_key IF NOT EXISTS FOR (n:OnlineAccount) REQUIRE n.account_key IS UNIQUE;
CREATE CONSTRAINT intelligence_id IF NOT EXISTS FOR (n:Intelligence) REQUIRE n.intel_id IS UNIQUE;
CREATE CONSTRAINT missing_episode_id IF NOT EXISTS FOR (n:MissingEpisode) REQUIRE n.episode_id IS UNIQUE;
CREATE CONSTRAINT risk_assessment_id IF NOT EXISTS FOR (n:RiskAssessment) REQUIRE n.assessment_id IS UNIQUE;
CREATE CONSTRAINT operation_id IF NOT EXISTS FOR (n:Operation) REQUIRE n.operation_id IS UNIQUE;
CREATE CONSTRAINT meeting_id IF NOT EXISTS FOR (n:Meeting) REQUIRE n.meeting_id IS UNIQUE;
CREATE CONSTRAINT action_id IF NOT EXISTS FOR (n:Action) REQUIRE n.action_id IS UNIQUE;
CREATE CONSTRAINT agency_name IF NOT EXISTS FOR (n:Agency) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT audit_event_id IF NOT EXISTS FOR (n:AuditEvent) REQUIRE n.event_id IS UNIQUE;
CREATE CONSTRAINT analysis_run_id IF NOT EXISTS FOR (n:AnalysisRun) REQUIRE n.run_id IS UNIQUE;
CREATE CONSTRAINT cluster_key IF NOT EXISTS FOR (n:Cluster) REQUIRE n.cluster_key IS UNIQUE;
CREATE CONSTRAINT import_run_id IF NOT EXISTS FOR (n:ImportRun) REQUIRE n.run_id IS UNIQUE;
CREATE INDEX person_risk_level IF NOT EXISTS FOR (n:Person) ON (n.risk_level);
CREATE INDEX person_nhs_number IF NOT EXISTS FOR (n:Person) ON (n.nhs_number);
CREATE INDEX agency_record_nhs IF NOT EXISTS FOR (n:AgencyRecord) ON (n.nhs_number);
CREATE INDEX agency_record_pending IF NOT EXISTS FOR (n:AgencyRecord) ON (n.pending);
CREATE INDEX location_place_key IF NOT EXISTS FOR (n:Location) ON (n.place_key);
CREATE INDEX intelligence_reported_at IF NOT EXISTS FOR (n:Intelligence) ON (n.reported_at);
CREATE INDEX intelligence_agency IF NOT EXISTS FOR (n:Intelligence) ON (n.agency);
CREATE INDEX intelligence_category IF NOT EXISTS FOR (n:Intelligence) ON (n.category);
CREATE INDEX missing_reported_at IF NOT EXISTS FOR (n:MissingEpisode) ON (n.reported_missing_at);
CREATE INDEX missing_agency IF NOT EXISTS FOR (n:MissingEpisode) ON (n.agency);
CREATE INDEX risk_assessment_date IF NOT EXISTS FOR (n:RiskAssessment) ON (n.assessed_at);
CREATE INDEX action_due IF NOT EXISTS FOR (n:Action) ON (n.due_date);
CREATE INDEX audit_event_at IF NOT EXISTS FOR (n:AuditEvent) ON (n.at);
CREATE INDEX analysis_run_at IF NOT EXISTS FOR (n:AnalysisRun) ON (n.started_at);
CREATE INDEX import_run_at IF NOT EXISTS FOR (n:ImportRun) ON (n.started_at);
CREATE CONSTRAINT user_username IF NOT EXISTS FOR (n:User) REQUIRE n.username IS UNIQUE;
CREATE CONSTRAINT audit_chain_id IF NOT EXISTS FOR (n:AuditChain) REQUIRE n.chain_id IS UNIQUE;
CREATE INDEX audit_event_seq IF NOT EXISTS FOR (n:AuditEvent) ON (n.seq);
CREATE CONSTRAINT login_throttle_key IF NOT EXISTS FOR (n:LoginThrottle) REQUIRE n.key IS UNIQUE;
CREATE INDEX login_throttle_touched IF NOT EXISTS FOR (n:LoginThrottle) ON (n.touched_at);
// Erasure: tombstones per agency, redaction tasks, merge chains.
CREATE CONSTRAINT tombstone_key IF NOT EXISTS FOR (n:Tombstone) REQUIRE n.key IS UNIQUE;
CREATE INDEX tombstone_agency IF NOT EXISTS FOR (n:Tombstone) ON (n.agency);
CREATE CONSTRAINT redaction_task_id IF NOT EXISTS FOR (n:RedactionTask) REQUIRE n.task_id IS UNIQUE;
CREATE INDEX merged_person_into IF NOT EXISTS FOR (n:MergedPerson) ON (n.merged_into);
CREATE INDEX agency_record_agency IF NOT EXISTS FOR (n:AgencyRecord) ON (n.agency);
// Superseded by the single-property keys above (dropped where an older version created them).
DROP CONSTRAINT agency_record_key IF EXISTS;
DROP CONSTRAINT intelligence_key IF EXISTS;
DROP CONSTRAINT missing_episode_key IF EXISTS;
DROP INDEX intelligence_received_at IF EXISTS;
CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (n:Alert) REQUIRE n.alert_id IS UNIQUE;
CREATE INDEX cluster_run IF NOT EXISTS FOR (n:Cluster) ON (n.run_id);
CREATE INDEX alert_status IF NOT EXISTS FOR (n:Alert) ON (n.status);
// Operational meetings: snapshots listed by time, actions filtered by status.
CREATE INDEX meeting_held_at IF NOT EXISTS FOR (n:Meeting) ON (n.held_at);
CREATE INDEX action_status IF NOT EXISTS FOR (n:Action) ON (n.status);
// Oversight: disruption activity the partnership counts itself (CAWNs, NRM referrals).
CREATE CONSTRAINT disruption_record_id IF NOT EXISTS FOR (n:DisruptionRecord) REQUIRE n.record_id IS UNIQUE;
CREATE INDEX disruption_recorded_at IF NOT EXISTS FOR (n:DisruptionRecord) ON (n.recorded_at);
// Entity resolution (issue 6): candidates, merges, and people absorbed by a merge.
CREATE CONSTRAINT resolve_candidate_id IF NOT EXISTS FOR (n:ResolveCandidate) REQUIRE n.candidate_id IS UNIQUE;
CREATE INDEX resolve_candidate_status IF NOT EXISTS FOR (n:ResolveCandidate) ON (n.status);
CREATE CONSTRAINT resolve_merge_id IF NOT EXISTS FOR (n:Merge) REQUIRE n.merge_id IS UNIQUE;
CREATE INDEX resolve_merge_at IF NOT EXISTS FOR (n:Merge) ON (n.at);
CREATE CONSTRAINT resolve_merged_person_id IF NOT EXISTS FOR (n:MergedPerson) REQUIRE n.person_id IS UNIQUE;
// Alerts page: filter by kind, newest first.
CREATE INDEX alert_kind IF NOT EXISTS FOR (n:Alert) ON (n.kind);
CREATE INDEX alert_detected_at IF NOT EXISTS FOR (n:Alert) ON (n.detected_at);
// Casework: an agency's own location records for the add-intelligence form (and import refs).
CREATE INDEX location_agency IF NOT EXISTS FOR (n:Location) ON (n.agency);
CREATE INDEX resolve_candidate_person_a IF NOT EXISTS FOR (n:ResolveCandidate) ON (n.person_a);
CREATE INDEX resolve_candidate_person_b IF NOT EXISTS FOR (n:ResolveCandidate) ON (n.person_b);
// The CSE strategy's action plan (issue 13): objectives, actions, their dated history, reports.
CREATE CONSTRAINT plan_objective_id IF NOT EXISTS FOR (n:PlanObjective) REQUIRE n.objective_id IS UNIQUE;
CREATE CONSTRAINT plan_action_id IF NOT EXISTS FOR (n:PlanAction) REQUIRE n.action_id IS UNIQUE;
CREATE CONSTRAINT plan_update_id IF NOT EXISTS FOR (n:PlanUpdate) REQUIRE n.update_id IS UNIQUE;
CREATE CONSTRAINT plan_report_id IF NOT EXISTS FOR (n:PlanReport) REQUIRE n.report_id IS UNIQUE;
CREATE INDEX plan_action_due IF NOT EXISTS FOR (n:PlanAction) ON (n.due_date);
CREATE INDEX plan_update_at IF NOT EXISTS FOR (n:PlanUpdate) ON (n.at);
// Lead practitioners and lead professionals (issue 13): dated assignments, current ones open.
CREATE CONSTRAINT lead_assignment_id IF NOT EXISTS FOR (n:LeadAssignment) REQUIRE n.assignment_id IS UNIQUE;
CREATE INDEX lead_assignment_operation IF NOT EXISTS FOR (n:LeadAssignment) ON (n.operation_id);
CREATE INDEX missing_returned_at IF NOT EXISTS FOR (n:MissingEpisode) ON (n.returned_at);
