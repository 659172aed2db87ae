//! `/api/v1/apps`.

use serde_json::Value;

use super::Ctx;
use crate::errors;
use crate::wire::{Reply, Req};

pub(crate) fn list(_ctx: &mut Ctx, req: &Req) -> Reply { errors::not_found(&req.path, "App") }
pub(crate) fn create(_ctx: &mut Ctx, req: &Req, _a: &Value) -> Reply { errors::not_found(&req.path, "App") }
pub(crate) fn get(_ctx: &mut Ctx, id: &str) -> Reply { errors::not_found(id, "App") }
pub(crate) fn replace(_ctx: &mut Ctx, _req: &Req, _a: &Value, id: &str) -> Reply { errors::not_found(id, "App") }
pub(crate) fn delete(_ctx: &mut Ctx, _a: &Value, id: &str) -> Reply { errors::not_found(id, "App") }
pub(crate) fn lifecycle(_ctx: &mut Ctx, _a: &Value, id: &str, _op: &str) -> Reply { errors::not_found(id, "App") }
pub(crate) fn list_users(_ctx: &mut Ctx, _req: &Req, id: &str) -> Reply { errors::not_found(id, "App") }
pub(crate) fn assign_user(_ctx: &mut Ctx, _req: &Req, _a: &Value, id: &str, _u: Option<&str>) -> Reply { errors::not_found(id, "App") }
pub(crate) fn get_user(_ctx: &mut Ctx, id: &str, _u: &str) -> Reply { errors::not_found(id, "App") }
pub(crate) fn unassign_user(_ctx: &mut Ctx, _a: &Value, id: &str, _u: &str) -> Reply { errors::not_found(id, "App") }
pub(crate) fn list_groups(_ctx: &mut Ctx, _req: &Req, id: &str) -> Reply { errors::not_found(id, "App") }
pub(crate) fn get_group(_ctx: &mut Ctx, id: &str, _g: &str) -> Reply { errors::not_found(id, "App") }
pub(crate) fn assign_group(_ctx: &mut Ctx, _req: &Req, _a: &Value, id: &str, _g: &str) -> Reply { errors::not_found(id, "App") }
pub(crate) fn unassign_group(_ctx: &mut Ctx, _a: &Value, id: &str, _g: &str) -> Reply { errors::not_found(id, "App") }
