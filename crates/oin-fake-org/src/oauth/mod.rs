//! The org authorization server: the token endpoint ([`token`]) with its client
//! authentication ([`client_auth`]) and DPoP proof checks ([`dpop`]).

pub(crate) mod client_auth;
pub(crate) mod dpop;
pub(crate) mod token;
