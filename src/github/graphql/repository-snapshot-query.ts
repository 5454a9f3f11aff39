/**
 * One read that tells a job everything it needs before touching files: the default branch head and its tree,
 * Rampart's work branch if it exists, and Rampart's open pull request from it. GraphQL because REST needs three
 * calls for the same answer, and the job's read budget is three requests whatever the repository holds.
 */
export const REPOSITORY_SNAPSHOT_QUERY = /* GraphQL */ `
  query RampartRepositorySnapshot($owner: String!, $name: String!, $branchRef: String!, $branchName: String!) {
    repository(owner: $owner, name: $name) {
      id
      databaseId
      nameWithOwner
      isPrivate
      isArchived
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
    }
  }
`;

/** Builds a query reading many blobs in one request: one aliased `object(oid:)` per blob. */
export function blobsQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$o${i}: GitObjectID!`).join(', ');
  const fields = Array.from(
    { length: count },
    (_, i) => `      b${i}: object(oid: $o${i}) {\n        ... on Blob {\n          oid\n          byteSize\n          isBinary\n          isTruncated\n          text\n        }\n      }`,
  ).join('\n');
  return `\n  query RampartBlobs($owner: String!, $name: String!${count > 0 ? `, ${vars}` : ''}) {\n    repository(owner: $owner, name: $name) {\n      id\n${fields}\n    }\n  }\n`;
}
