/**
 * The example responses from the REST v2 docs (numbers-api-v2.txt), verbatim, including the
 * update_subscriber example's stray " data" key. Tests compare the simulator's shapes to these.
 */

export const LIST_EXAMPLE = JSON.parse(
  '{ "status":"success", "time":0.01, "flags":{}, "data": [ { "id":3466, "number":"03301222970", "context":"incoming", "created_at":"2015-05-05T14:43:36.000Z", "updated_at":"2015-10-05T14:05:45.000Z", "recording_enabled":false, "caller_id_prefix":"", "callerid_passthrough":true, "forward_sip_to":null, "aquisition": { "acquired_at":"2015-05-05T14:43:00.000Z", "subscriber": { "first_name":null, "name":null, "address1":null, "address2":null, "address3":null, "address4":null, "postcode":null, "pushed_at":null, "status":"unknown" } }, "destination": { "type":"Menu", "object": { "id":262, "name":"Main Menu" } } } ] }',
) as { data: Record<string, unknown>[] };

export const INFO_EXAMPLE = JSON.parse(
  '{ "status":"success", "time":0.01, "flags":{}, "data": { "id":3466, "number":"03301222970", "context":"incoming", "created_at":"2015-05-05T14:43:36.000Z", "updated_at":"2015-10-05T14:05:45.000Z", "recording_enabled":false, "caller_id_prefix":"", "callerid_passthrough":true, "forward_sip_to":null, "aquisition": { "acquired_at":"2015-05-05T14:43:00.000Z", "subscriber": { "first_name":null, "name":null, "address1":null, "address2":null, "address3":null, "address4":null, "postcode":null, "pushed_at":null, "status":"unknown" } }, "destination": { "type":"Menu", "object": { "id":262, "name":"Main Menu" } } } }',
) as { data: Record<string, unknown> };

export const SAVE_EXAMPLE = JSON.parse(
  '{ "status":"success", "time":0.23, "flags":{}, "data": { "id":3466, "number":"03301222970", "context":"incoming", "created_at":"2015-05-05T14:43:36.000Z", "updated_at":"2015-10-08T11:14:26.295Z", "recording_enabled":true, "caller_id_prefix":"", "callerid_passthrough":true, "forward_sip_to":null, "aquisition": { "acquired_at":"2015-05-05T14:43:00.000Z", "subscriber": { "first_name":null, "name":null, "address1":null, "address2":null, "address3":null, "address4":null, "postcode":null, "pushed_at":null, "status":"unknown" } }, "destination": { "type":"Menu", "object": { "id":262, "name":"Main Menu" } } } }',
) as { data: Record<string, unknown> };

export const PREFIXES_EXAMPLE = JSON.parse(
  '{ "status":"success", "time":0.01, "flags":{}, "data": [ { "description":"Aberdeen (01224)", "prefix":"01224" }, { "description":"Aberfeldy (01887)", "prefix":"01887" }, { "description":"Abergavenny (01873)", "prefix":"01873" }, { "description":"Aberystwyth (01970)", "prefix":"01970" } ] }',
) as { data: { description: string; prefix: string }[] };

export const ACQUIRABLE_EXAMPLE = JSON.parse(
  '{ "status":"success", "time":0.21, "flags":{}, "data": [ "01234069352", "01234901381", "01234901364", "01234069371", "01234901431", "01234069448", "01234375392", "01234069303", "01234375079", "01234069473" ] }',
) as { data: string[] };

export const ACQUIRE_EXAMPLE = JSON.parse(
  '{ "status":"success", "time":0.47, "flags":{}, "data": { "id":4243, "number":"01234901769", "context":"incoming", "created_at":"2015-10-08T12:00:16.109Z", "updated_at":"2015-10-08T12:00:16.109Z", "recording_enabled":true, "caller_id_prefix":null, "callerid_passthrough":true, "forward_sip_to":null, "aquisition": { "acquired_at":"2015-10-08T12:00:16.102Z", "subscriber": { "first_name":null, "name":null, "address1":null, "address2":null, "address3":null, "address4":null, "postcode":null, "pushed_at":null, "status":"unknown" } } } }',
) as { data: Record<string, unknown> };

export const UPDATE_SUBSCRIBER_EXAMPLE = JSON.parse(
  '{ "status":"success", "time":0.35, "flags":{}," data": { "id":4243, "number":"01234901769", "context":"incoming", "created_at":"2015-10-08T12:00:16.000Z", "updated_at":"2015-10-08T13:16:03.880Z", "recording_enabled":true, "caller_id_prefix":null, "callerid_passthrough":true, "forward_sip_to":null, "aquisition": { "acquired_at":"2015-10-08T12:00:16.000Z", "subscriber": { "first_name":"Alex", "name":"Telcom", "address1":"24/26 Lever Street", "address2":null, "address3":null, "address4":"Manchester", "postcode":"M1 1DZ", "pushed_at":null, "status":"validation_pending" } }, "destination":null } }',
) as Record<string, unknown>;

export const DELETE_EXAMPLE = JSON.parse('{ "status":"success", "time":1.1, "flags":{}, "data":true }') as { data: unknown };

export const ACCESS_NUMBERS_EXAMPLE = JSON.parse(
  '{ "status":"success", "time":0.0, "flags":{}, "data":[ { "number":"*55", "description":"Access your main voicemail menu. If your extension you are dialling from matches a mailbox ID, you will be automatically logged into your mailbox using this option." }, { "number":"*56", "description":"Access your main voicemail menu, you will be required to login using your mailbox ID and password at all times." }, { "number":"*10", "description":"Plays back your current internal caller ID." }, { "number":"*50", "description":"Plays the current music on hold." }, { "number":"*30*{number}", "description":"Page an extension or call group. If enabled, the call will automatically be answered." }, { "number":"*31*{number}", "description":"Withhold your number. Your caller ID will not be displayed to callers when using this prefix." }, { "number":"*32*{number}", "description":"Send your number if your account is set to withhold caller ID by default." }, { "number":"*21*{number}", "description":"Sets up call forwarding for the extension you are dialling from - {number} should be replaced with the number you wish to forward to as if dialled from your extension." }, { "number":"*21", "description":"Cancels call forwarding" }, { "number":"*22", "description":"Plays back your current call forwarding destination (if any)" }, { "number":"*8", "description":"Picks up another ringing phone within a pickup group" }, { "number":"*01", "description":"Run an echo test" } ] }',
) as { data: { number: string; description: string }[] };
