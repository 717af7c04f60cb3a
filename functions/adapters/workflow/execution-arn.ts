/**
 * The ARN Step Functions gives an execution of a state machine, from the machine's ARN and the
 * execution's name: `arn:…:stateMachine:<machine>` -> `arn:…:execution:<machine>:<name>`. Known
 * before the execution starts, so an order can be stored with its execution's ARN in the same write
 * that creates it (no second write racing the execution's first step).
 */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}
