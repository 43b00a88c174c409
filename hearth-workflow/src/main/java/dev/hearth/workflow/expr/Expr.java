package dev.hearth.workflow.expr;

/** A parsed {@code ${{ }}} expression. STUB: the expressions work makes this a sealed syntax tree. */
public interface Expr {}
