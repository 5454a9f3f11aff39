import type { WorkflowTrigger } from '../../model/workflow-triggers.js';

/**
 * The event payload's own author for each trigger: who opened the pull request or issue, wrote the comment or review,
 * published the release. zizmor's table (crates/zizmor/src/audit/bot_conditions.rs, get_contexts_for_event).
 */
const EVENT_USER: Record<string, { name: string; id: string }> = {
  pull_request: { name: 'github.event.pull_request.user.login', id: 'github.event.pull_request.user.id' },
  pull_request_target: { name: 'github.event.pull_request.user.login', id: 'github.event.pull_request.user.id' },
  issue_comment: { name: 'github.event.comment.user.login', id: 'github.event.comment.user.id' },
  discussion_comment: { name: 'github.event.comment.user.login', id: 'github.event.comment.user.id' },
  pull_request_review_comment: { name: 'github.event.comment.user.login', id: 'github.event.comment.user.id' },
  pull_request_review: { name: 'github.event.review.user.login', id: 'github.event.review.user.id' },
  issues: { name: 'github.event.issue.user.login', id: 'github.event.issue.user.id' },
  discussion: { name: 'github.event.discussion.user.login', id: 'github.event.discussion.user.id' },
  release: { name: 'github.event.release.author.login', id: 'github.event.release.author.id' },
  milestone: { name: 'github.event.milestone.creator.login', id: 'github.event.milestone.creator.id' },
  create: { name: 'github.event.sender.login', id: 'github.event.sender.id' },
  delete: { name: 'github.event.sender.login', id: 'github.event.sender.id' },
  label: { name: 'github.event.sender.login', id: 'github.event.sender.id' },
  project: { name: 'github.event.sender.login', id: 'github.event.sender.id' },
  fork: { name: 'github.event.sender.login', id: 'github.event.sender.id' },
  watch: { name: 'github.event.sender.login', id: 'github.event.sender.id' },
  public: { name: 'github.event.sender.login', id: 'github.event.sender.id' },
};

/**
 * The contexts that name the event's author, when every trigger of the workflow has the same ones (`pull_request` and
 * `pull_request_target` do); undefined when a trigger has none (`push`, `workflow_run`, `schedule`) or they differ,
 * where the replacement would be null on some runs.
 */
export function eventUser(triggers: readonly WorkflowTrigger[]): { name: string; id: string } | undefined {
  const users = triggers.map((t) => EVENT_USER[t.name]);
  const first = users[0];
  if (!first || users.some((u) => u?.name !== first.name)) return undefined;
  return first;
}
