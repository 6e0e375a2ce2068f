/** The workflow engine: load, validate, plan and run workflows. Imports no `vscode`. */
export { ActionRegistry, actionRegistry, coreActions } from './actions';
export type { ActionContext, ActionDefinition, ActionResult } from './actions/types';
export { WorkflowDocument } from './document';
export { compileTemplate, isTemplate } from './expressions';
export type { ExpressionScope } from './expressions';
export { MAX_WORKFLOW_DEPTH, runWorkflow } from './executor';
export type { RunEvent, RunOptions } from './executor';
export { WorkflowFileCache, loadWorkflow, loadWorkflowFile, requirePlan } from './load';
export type { LoadedWorkflow } from './load';
export type { PlannedNode, WorkflowPlan } from './plan';
export { AccountMap, accountsFromEnvironment, checkAccounts } from './accounts';
export type { AccountLookup, EnvironmentAccounts } from './accounts';
export { findIntegration, integrations, testAccount, webhookSources } from './integrations';
export type { IntegrationDefinition } from './integrations';
