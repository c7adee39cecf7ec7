import type { Destination } from '../model.js';

/**
 * The destination objects a unit can route numbers to. Each unit gets its own catalogue with its
 * own ids (offset per unit), so a destination id from one unit is invalid in another; unit 0's
 * Main Menu is id 262, the object in the docs' example.
 */
const TEMPLATE: readonly (readonly [type: string, localId: number, name: string])[] = [
  ['Menu', 262, 'Main Menu'],
  ['Menu', 263, 'Out of Hours Menu'],
  ['Menu', 264, 'Holiday Menu'],
  ['Queue', 310, 'Sales Queue'],
  ['Queue', 311, 'Support Queue'],
  ['Queue', 312, 'Accounts Queue'],
  ['Extension', 201, 'Reception'],
  ['Extension', 202, 'Sales Desk'],
  ['Extension', 203, 'Warehouse'],
  ['Extension', 204, 'Managing Director'],
  ['Voicemail', 401, 'General Voicemail'],
  ['Voicemail', 402, 'Support Voicemail'],
  ['CallGroup', 501, 'Sales Team'],
  ['CallGroup', 502, 'Engineers'],
  ['Conference', 601, 'Weekly Stand-up'],
];

export const DESTINATION_TYPES: readonly string[] = [...new Set(TEMPLATE.map(([type]) => type))];

const UNIT_ID_OFFSET = 1000;

export function destinationCatalogue(unitIndex: number): Destination[] {
  return TEMPLATE.map(([type, localId, name]) => ({
    type,
    object: { id: localId + unitIndex * UNIT_ID_OFFSET, name },
  }));
}
