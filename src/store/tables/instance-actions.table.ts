export interface InstanceActionsTable {
  id: string;
  instance_uuid: string;
  request_id: string;
  action: string;
  project_id: string;
  user_id: string;
  start_time: string;
  finish_time: string | null;
  message: string | null;
  updated_at: string;
}
export interface InstanceActionEventsTable {
  id: string;
  action_id: string;
  event: string;
  start_time: string;
  finish_time: string | null;
  result: string | null;
  traceback: string | null;
  host: string | null;
  details: string | null;
}
