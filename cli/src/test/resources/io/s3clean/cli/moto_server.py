"""moto's server, plus what CloudFormation does and moto 5.2 does not, for stacks deployed through
change sets (the way `aws cloudformation deploy`, SAM and s3clean deploy):

- Outputs: moto computes a stack's outputs when the stack object is made, which for a change set
  is before it has a template, and never again; here they are computed when the change set runs.
- Parameters: moto keeps the parameters a stack was first made with; here an executed change set's
  parameters become the stack's, so the next change set is compared with what is deployed.
- Rollback: when a resource of a new stack cannot be created, CloudFormation reports the failure,
  deletes what it made and leaves the stack in ROLLBACK_COMPLETE, which can only be deleted. moto
  answers ExecuteChangeSet with an error and leaves the stack half made.

Everything else is moto as released.
Usage: python3 moto_server.py -H 127.0.0.1 -p PORT   (moto.server's own arguments)
"""
import sys

from moto.cloudformation.models import CloudFormationBackend
from moto.server import main

_execute_change_set = CloudFormationBackend.execute_change_set


def _change_set(backend, name):
    if name in backend.change_sets:
        return backend.change_sets[name]
    return next((cs for cs in backend.change_sets.values() if cs.change_set_name == name), None)


def execute_change_set(self, change_set_name, stack_name=None):
    change_set = _change_set(self, change_set_name)
    try:
        _execute_change_set(self, change_set_name, stack_name)
    except Exception as failure:  # noqa: BLE001 - any creation failure rolls the stack back
        if change_set is None or change_set.change_set_type != "CREATE":
            raise
        stack = self.stacks[change_set.stack_id]
        stack._add_stack_event("CREATE_FAILED", resource_status_reason=str(failure))
        stack._add_stack_event(
            "ROLLBACK_IN_PROGRESS", resource_status_reason="The following resource(s) failed to create."
        )
        try:
            stack.resource_map.delete()
        except Exception:  # noqa: BLE001 - rollback is best effort, as it is on AWS
            pass
        # moto makes resources lazily, on first look: without this, listing the rolled-back
        # stack's resources would try to create the failed one again.
        stack.template_dict = {"Resources": {}}
        stack.resource_map = stack._create_resource_map()
        stack._add_stack_event("ROLLBACK_COMPLETE")
        stack.status = "ROLLBACK_COMPLETE"
        change_set.execution_status = "EXECUTE_FAILED"
        return
    stack = self.stacks[change_set.stack_id]
    stack.parameters = change_set.parameters
    stack._parse_template()
    stack.description = stack.template_dict.get("Description")
    stack.output_map = stack._create_output_map()


CloudFormationBackend.execute_change_set = execute_change_set

if __name__ == "__main__":
    main(sys.argv[1:])
