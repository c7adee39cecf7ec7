// The document GraphiQL opens with. In demo mode (embedded simulator) every operation runs as it
// is against the seeded unit of `demo-token-a`; the e2e test runs the first one by clicking Run.

/** A number in the simulator's seeded Aberdeen (01224) pool; the seed is deterministic. */
export const DEMO_ACQUIRABLE_NUMBER = '01224405347';

export const DEMO_DOCUMENT = `# Numbers gateway, embedded demo.
#
# The Headers tab holds the demo token of unit A.
# Click Run (or Ctrl+Enter) and pick an operation.
# The Docs button (top left) explains every field.

# 1. The dashboard: 20 numbers with their routing.
query NumbersDashboard {
  numbers(first: 20) {
    totalCount
    nodes {
      id
      number
      e164
      context
      destination { kind name }
      subscriber { name status }
      prefix { areaName }
    }
    pageInfo { hasNextPage endCursor }
  }
}

# 2. An area code and numbers you could buy in it.
query PrefixSearch {
  availablePrefixes(search: "Aber") {
    prefix
    areaName
    acquirableNumbers(first: 5)
  }
}

# 3. Codes your phones can dial, e.g. *55.
query AccessNumbers {
  accessNumbers {
    code
    description
    takesNumber
    dialString(number: "01224000000")
  }
}

# 4. Buy the number in the Variables tab. Each number
# sells once: run it again and userErrors says it is
# no longer available; then paste another number from
# PrefixSearch into Variables.
mutation BuyNumber($number: String!) {
  acquireNumber(input: { number: $number }) {
    number { id number e164 prefix { areaName } }
    userErrors { field message code }
  }
}

# 5. Latest changes first, only numbers that record
# calls. Page on with after: endCursor, or back with
# last and before: startCursor.
query RecentlyChanged {
  numbers(first: 5, orderBy: { field: UPDATED_AT, direction: DESC }, recordingEnabled: true) {
    totalCount
    nodes { number updatedAt destination { name } }
    pageInfo { hasNextPage endCursor }
  }
}

# 6. Selected rows by id, in the order given; null for
# an id your unit does not have (5401 is unit B's).
# All ids of an operation are fetched as one batch.
query SelectedNumbers {
  nodes(ids: ["3402", "3401", "5401"]) {
    id
    ... on Number { number e164 destination { name } }
  }
}
`;

export const DEMO_VARIABLES = `{\n  "number": "${DEMO_ACQUIRABLE_NUMBER}"\n}\n`;

export const DEMO_HEADERS = `{\n  "Authorization": "Bearer demo-token-a"\n}\n`;

/** Against a real upstream there is no token to offer: say where one goes instead. */
export const GENERIC_DOCUMENT = `# Numbers gateway.
#
# Put your API token in the Headers tab:
#   {"Authorization": "Bearer <token>"}
# The Docs button (top left) explains every field.

query FirstNumbers {
  numbers(first: 10) {
    totalCount
    nodes { id number e164 context }
  }
}
`;

export const GENERIC_HEADERS = `{\n  "Authorization": "Bearer "\n}\n`;
