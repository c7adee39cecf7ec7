// Subscriber details for seeded numbers: people (first name + surname) and companies (name only,
// as the docs' "the surname or company name" allows). Addresses are plausible UK ones with
// real-format postcodes; address lines the upstream leaves empty are null, as in its example.

export const FIRST_NAMES: readonly string[] = [
  'Alex',
  'Amelia',
  'Callum',
  'Charlotte',
  'Daniel',
  'Eilidh',
  'Fiona',
  'George',
  'Harriet',
  'Imran',
  'Jack',
  'Katie',
  'Liam',
  'Megan',
  'Niamh',
  'Oliver',
  'Priya',
  'Rhys',
  'Sophie',
  'Tom',
];

export const SURNAMES: readonly string[] = [
  'Anderson',
  'Bennett',
  'Campbell',
  'Davies',
  'Evans',
  'Fraser',
  'Hughes',
  'Jones',
  'Khan',
  'MacDonald',
  'Patel',
  'Roberts',
  'Robertson',
  'Smith',
  'Taylor',
  'Thomas',
  'Walker',
  'Williams',
];

export const COMPANIES: readonly string[] = [
  'Telcom',
  'Northern Lights Dental',
  'Harbour View Lettings',
  'Greenfield Veterinary Practice',
  'Castle Street Solicitors',
  'Riverside Motors',
  'Highland Outdoor Supplies',
  'Brightwater Plumbing',
  'Oak & Ash Joinery',
  'Kingsway Accountants',
  'Meadow Farm Shop',
  'Quayside Cafe',
];

export interface SeedAddress {
  address1: string;
  address2: string | null;
  address3: string | null;
  address4: string;
  postcode: string;
}

export const ADDRESSES: readonly SeedAddress[] = [
  { address1: '24/26 Lever Street', address2: null, address3: null, address4: 'Manchester', postcode: 'M1 1DZ' },
  { address1: '12 Union Street', address2: null, address3: null, address4: 'Aberdeen', postcode: 'AB11 6BA' },
  { address1: 'Unit 4', address2: 'Riverside Business Park', address3: 'Station Road', address4: 'Bedford', postcode: 'MK42 9LE' },
  { address1: '3 Church Lane', address2: 'Llanfoist', address3: null, address4: 'Abergavenny', postcode: 'NP7 9NG' },
  { address1: '88 North Parade', address2: null, address3: null, address4: 'Aberystwyth', postcode: 'SY23 2JN' },
  { address1: 'Flat 2', address2: '41 Dunkeld Street', address3: null, address4: 'Aberfeldy', postcode: 'PH15 2AA' },
  { address1: '150 Colmore Row', address2: null, address3: null, address4: 'Birmingham', postcode: 'B3 3AP' },
  { address1: '7 Rose Street', address2: null, address3: null, address4: 'Edinburgh', postcode: 'EH2 2PR' },
  { address1: '201 Sauchiehall Street', address2: null, address3: null, address4: 'Glasgow', postcode: 'G2 3EX' },
  { address1: 'The Old Mill', address2: 'Mill Lane', address3: 'Headingley', address4: 'Leeds', postcode: 'LS6 3HU' },
  { address1: '19 Bold Street', address2: null, address3: null, address4: 'Liverpool', postcode: 'L1 4DN' },
  { address1: '5 Quayside', address2: null, address3: null, address4: 'Newcastle upon Tyne', postcode: 'NE1 3DE' },
  { address1: '33 Park Street', address2: 'Clifton', address3: null, address4: 'Bristol', postcode: 'BS1 5NH' },
  { address1: '62 High Street', address2: null, address3: null, address4: 'Langholm', postcode: 'DG13 0JH' },
  { address1: 'Lakeside Cottage', address2: 'Hawkshead Hill', address3: null, address4: 'Ambleside', postcode: 'LA22 0PP' },
  { address1: '14 Castle Street', address2: null, address3: null, address4: 'Cardiff', postcode: 'CF10 1BS' },
  { address1: '9 Shambles', address2: null, address3: null, address4: 'York', postcode: 'YO1 7LZ' },
  { address1: '101 Lisburn Road', address2: null, address3: null, address4: 'Belfast', postcode: 'BT9 7AG' },
  { address1: '2 Marine Parade', address2: null, address3: null, address4: 'Brighton', postcode: 'BN2 1TL' },
  { address1: '45 Cowley Road', address2: null, address3: null, address4: 'Oxford', postcode: 'OX4 1HP' },
];
