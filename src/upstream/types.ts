// DTOs of the REST v2 numbers API, exactly as the upstream sends them (snake_case, and the
// upstream's own spelling `aquisition`). Resolvers receive these objects through codegen
// mappers and rename fields for GraphQL.

export type NumberContextDto = 'incoming' | 'utility';

export interface SubscriberDto {
  first_name: string | null;
  name: string | null;
  address1: string | null;
  address2: string | null;
  address3: string | null;
  address4: string | null;
  postcode: string | null;
  pushed_at: string | null;
  /** Documented values include `unknown` and `validation_pending`; others may appear. */
  status: string;
}

export interface AcquisitionDto {
  acquired_at: string | null;
  subscriber: SubscriberDto | null;
}

export interface DestinationDto {
  type: string;
  object: { id: number | string; name: string | null };
}

export interface NumberDto {
  id: number;
  number: string;
  context: NumberContextDto;
  created_at: string;
  updated_at: string;
  recording_enabled: boolean;
  caller_id_prefix: string | null;
  callerid_passthrough: boolean;
  forward_sip_to: string | null;
  aquisition: AcquisitionDto | null;
  /** Absent in the documented `acquire` response; `null` when the number is unrouted. */
  destination?: DestinationDto | null;
}

/** Reference data (prefixes, access numbers, pools) is cached across requests and shared: readonly. */
export interface PrefixDto {
  readonly description: string;
  readonly prefix: string;
}

export interface AccessNumberDto {
  readonly number: string;
  readonly description: string;
}

/** Fields `numbers/save` accepts; absent keys are not sent, `null` clears where allowed. */
export interface SaveNumberParams {
  id?: string;
  number?: string;
  context?: NumberContextDto;
  destination?: { type: string; id: string } | null;
  caller_id_prefix?: string | null;
  recording_enabled?: boolean;
  callerid_passthrough?: boolean;
}

export interface SubscriberParams {
  id: string;
  first_name?: string | null;
  name?: string | null;
  address1?: string | null;
  address2?: string | null;
  address3?: string | null;
  address4?: string | null;
  postcode?: string | null;
}

/** One typed method per REST v2 endpoint; the only surface the loaders and resolvers see. */
export interface NumbersApi {
  list(): Promise<NumberDto[]>;
  /** Resolves `null` when the unit has no such number (upstream 404). */
  info(id: string): Promise<NumberDto | null>;
  save(params: SaveNumberParams): Promise<NumberDto>;
  availablePrefixes(): Promise<readonly PrefixDto[]>;
  acquirableNumbers(prefix: string): Promise<readonly string[]>;
  acquire(number: string): Promise<NumberDto>;
  updateSubscriber(params: SubscriberParams): Promise<NumberDto>;
  delete(id: string): Promise<boolean>;
  availableAccessNumbers(): Promise<readonly AccessNumberDto[]>;
}
