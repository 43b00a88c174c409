/**
 * Reading workflow files. {@link dev.hearth.workflow.parse.WorkflowParser#parse(String, byte[])}
 * returns a {@link dev.hearth.workflow.parse.ParseResult}: the workflow, or every error of the file
 * sorted by position, each as {@code file:line:column: message} naming the key, the value and what
 * was expected. {@link dev.hearth.workflow.parse.ReusableCallChecker} then checks calls of reusable
 * workflows against their callees (inputs, secrets, permissions, nesting), once the caller has
 * fetched them. Nothing here throws for bad input, logs or prints.
 */
package dev.hearth.workflow.parse;
