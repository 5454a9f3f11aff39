/**
 * One read that tells a job everything it needs before touching files: the default branch head and its tree,
 * Rampart's work branch if it exists, Rampart's open pull request from it and the latest closed ones (merged, or
 * declined: their bodies name the changes they held), and, when findings go to an issue, Rampart's open findings
 * issue. GraphQL because REST needs five calls for the same answer, and the job's read budget is three requests
 * whatever the repository holds. The issues are read only when asked for (`$withIssues`): a credential without
 * Issues read would otherwise fail the whole query.
 */
export const REPOSITORY_SNAPSHOT_QUERY = /* GraphQL */ `
  query RampartRepositorySnapshot(
    $owner: String!
    $name: String!
    $branchRef: String!
    $branchName: String!
    $withIssues: Boolean = false
    $issueLabel: String = "rampart"
  ) {
    repository(owner: $owner, name: $name) {
      id
      databaseId
      nameWithOwner
      url
      isPrivate
      isArchived
      hasIssuesEnabled
      viewerPermission
      defaultBranchRef {
        name
        target {
          oid
          ... on Commit {
            tree {
              oid
            }
          }
        }
      }
      workBranch: ref(qualifiedName: $branchRef) {
        name
        target {
          oid
          ... on Commit {
            message
            tree {
              oid
            }
            parents(first: 2) {
              nodes {
                oid
              }
            }
          }
        }
      }
      pullRequests(headRefName: $branchName, states: [OPEN], first: 10) {
        nodes {
          number
          url
          title
          body
          isDraft
          headRefName
          headRefOid
          baseRefName
          headRepository {
            nameWithOwner
          }
        }
      }
      closedPullRequests: pullRequests(headRefName: $branchName, states: [CLOSED, MERGED], first: 5, orderBy: { field: CREATED_AT, direction: DESC }) {
        nodes {
          number
          url
          state
          body
          headRepository {
            nameWithOwner
          }
        }
      }
      findingsIssues: issues(labels: [$issueLabel], states: [OPEN], first: 5, orderBy: { field: CREATED_AT, direction: ASC }) @include(if: $withIssues) {
        nodes {
          number
          url
          title
          body
        }
      }
    }
  }
`;

/** Builds a query reading many blobs in one request: one aliased `object(oid:)` per blob. */
export function blobsQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$o${i}: GitObjectID!`).join(', ');
  const fields = Array.from(
    { length: count },
    (_, i) =>
      `      b${i}: object(oid: $o${i}) {\n        ... on Blob {\n          oid\n          byteSize\n          isBinary\n          isTruncated\n          text\n        }\n      }`,
  ).join('\n');
  return `\n  query RampartBlobs($owner: String!, $name: String!${count > 0 ? `, ${vars}` : ''}) {\n    repository(owner: $owner, name: $name) {\n      id\n${fields}\n    }\n  }\n`;
}
