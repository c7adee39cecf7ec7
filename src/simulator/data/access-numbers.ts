import type { AccessNumber } from '../model.js';

/** Verbatim from the numbers/available_access_numbers example in the REST v2 docs. */
export const ACCESS_NUMBERS: readonly AccessNumber[] = [
  {
    number: '*55',
    description:
      'Access your main voicemail menu. If your extension you are dialling from matches a mailbox ID, you will be automatically logged into your mailbox using this option.',
  },
  {
    number: '*56',
    description: 'Access your main voicemail menu, you will be required to login using your mailbox ID and password at all times.',
  },
  { number: '*10', description: 'Plays back your current internal caller ID.' },
  { number: '*50', description: 'Plays the current music on hold.' },
  {
    number: '*30*{number}',
    description: 'Page an extension or call group. If enabled, the call will automatically be answered.',
  },
  {
    number: '*31*{number}',
    description: 'Withhold your number. Your caller ID will not be displayed to callers when using this prefix.',
  },
  {
    number: '*32*{number}',
    description: 'Send your number if your account is set to withhold caller ID by default.',
  },
  {
    number: '*21*{number}',
    description:
      'Sets up call forwarding for the extension you are dialling from - {number} should be replaced with the number you wish to forward to as if dialled from your extension.',
  },
  { number: '*21', description: 'Cancels call forwarding' },
  { number: '*22', description: 'Plays back your current call forwarding destination (if any)' },
  { number: '*8', description: 'Picks up another ringing phone within a pickup group' },
  { number: '*01', description: 'Run an echo test' },
];
