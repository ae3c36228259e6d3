//! Hand-written deserializers for format values with more than one form, so that a wrong value
//! is answered with the list of what is allowed (serde's untagged enums only say "did not match
//! any variant"). Only `serde` is used here, never the YAML library.

use std::fmt;

use serde::de::value::{MapAccessDeserializer, StrDeserializer, U64Deserializer};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use super::raw::{
    RawArrivals, RawDist, RawFlaps, RawFlapsAction, RawNetwork, RawNetworkSpec, RawNotification,
    RawNotificationSpec, RawReboot, RawResponse, RawTransport, RawTunable, Switch,
};
use crate::policy::TunableValue;
use crate::time::SimDuration;

/// Shorthand for a visitor whose `expecting` is a fixed text.
macro_rules! expecting {
    ($text:expr) => {
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str($text)
        }
    };
}

impl<'de> Deserialize<'de> for RawTunable {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawTunable;
            expecting!("an integer, a number or true/false");
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawTunable, E> {
                Ok(RawTunable(TunableValue::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawTunable, E> {
                Ok(RawTunable(TunableValue::Int(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawTunable, E> {
                i64::try_from(v)
                    .map(|i| RawTunable(TunableValue::Int(i)))
                    .map_err(|_| E::custom(format!("integer {v} is too large for a tunable")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawTunable, E> {
                if v.is_finite() {
                    Ok(RawTunable(TunableValue::Float(v)))
                } else {
                    Err(E::custom(format!("expected a finite number, found {v}")))
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Switch {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Switch;
            expecting!("`on`, `off`, true or false");
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Switch, E> {
                Ok(Switch(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Switch, E> {
                match v {
                    "on" => Ok(Switch(true)),
                    "off" => Ok(Switch(false)),
                    _ => Err(E::custom(format!(
                        "unknown value `{v}`, expected `on`, `off`, true or false"
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawNetworkSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawNetworkSpec;
            expecting!(
                "a transport (`none`, `wifi`, `cellular`, `ethernet`) or a mapping with \
                 `type`, `down`, `up`, `metered`, `roaming`, `congested`, `signal`"
            );
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawNetworkSpec, E> {
                RawTransport::deserialize(StrDeserializer::<E>::new(v))
                    .map(RawNetworkSpec::Transport)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawNetworkSpec, A::Error> {
                RawNetwork::deserialize(MapAccessDeserializer::new(map)).map(RawNetworkSpec::Full)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawNotification {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawNotification;
            expecting!("`never` or a mapping with `after`, `id`, `end_policy`");
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawNotification, E> {
                if v == "never" {
                    Ok(RawNotification::Never)
                } else {
                    Err(E::custom(format!(
                        "unknown value `{v}`, expected `never` or a mapping with `after`, `id`, `end_policy`"
                    )))
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawNotification, A::Error> {
                RawNotificationSpec::deserialize(MapAccessDeserializer::new(map))
                    .map(RawNotification::Post)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawResponse;
            expecting!("a duration such as 5ms, or `hang`");
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawResponse, E> {
                if v == "hang" {
                    return Ok(RawResponse::Hang);
                }
                v.parse::<SimDuration>()
                    .map(RawResponse::After)
                    .map_err(|e| E::custom(format!("{e}, or `hang`")))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawResponse, E> {
                SimDuration::deserialize(U64Deserializer::<E>::new(v)).map(RawResponse::After)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawResponse, E> {
                Err(E::custom(format!(
                    "expected a duration such as 5ms, or `hang`, found integer {v}"
                )))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawFlapsAction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawFlapsAction;
            expecting!("`off` or a mapping with `mean_up` and `mean_down`");
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawFlapsAction, E> {
                if v == "off" {
                    Ok(RawFlapsAction::Off)
                } else {
                    Err(E::custom(format!(
                        "unknown value `{v}`, expected `off` or a mapping with `mean_up` and `mean_down`"
                    )))
                }
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawFlapsAction, E> {
                if v {
                    Err(E::custom(
                        "expected `off` or a mapping with `mean_up` and `mean_down`, found true",
                    ))
                } else {
                    Ok(RawFlapsAction::Off)
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawFlapsAction, A::Error> {
                RawFlaps::deserialize(MapAccessDeserializer::new(map)).map(RawFlapsAction::On)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawReboot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawReboot;
            expecting!("`{}` or true");
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawReboot, E> {
                if v {
                    Ok(RawReboot)
                } else {
                    Err(E::custom("`reboot: false` does nothing; write `reboot: {}` or `reboot: true`, or remove the entry"))
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawReboot, A::Error> {
                match map.next_key::<String>()? {
                    None => Ok(RawReboot),
                    Some(k) => Err(de::Error::custom(format!(
                        "unknown field `{k}`, reboot takes no options (write `reboot: {{}}`)"
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads a single-key mapping `{key: value}` whose key is one of `keys`; returns the key and
/// leaves the value to be read by the caller.
fn single_key<'de, A: MapAccess<'de>>(
    map: &mut A,
    keys: &'static [&'static str],
) -> Result<&'static str, A::Error> {
    let list = || {
        keys.iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(key) = map.next_key::<String>()? else {
        return Err(de::Error::custom(format!(
            "expected one of {}, found an empty mapping",
            list()
        )));
    };
    keys.iter().find(|k| **k == key).copied().ok_or_else(|| {
        de::Error::custom(format!(
            "unknown variant `{key}`, expected one of {}",
            list()
        ))
    })
}

/// After the value: the mapping must have no second key.
fn no_second_key<'de, A: MapAccess<'de>>(map: &mut A, first: &str) -> Result<(), A::Error> {
    match map.next_key::<String>()? {
        None => Ok(()),
        Some(k) => Err(de::Error::custom(format!(
            "expected exactly one key, found `{first}` and `{k}`"
        ))),
    }
}

const ARRIVAL_KEYS: &[&str] = &["poisson", "every", "uniform"];

impl<'de> Deserialize<'de> for RawArrivals {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawArrivals;
            expecting!(
                "a mapping with one of `poisson`, `every`, `uniform` (e.g. `{poisson: 90s}`)"
            );
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawArrivals, A::Error> {
                let key = single_key(&mut map, ARRIVAL_KEYS)?;
                let d: SimDuration = map.next_value()?;
                let v = match key {
                    "poisson" => RawArrivals::Poisson(d),
                    "every" => RawArrivals::Every(d),
                    _ => RawArrivals::Uniform(d),
                };
                no_second_key(&mut map, key)?;
                Ok(v)
            }
        }
        d.deserialize_any(V)
    }
}

const DIST_KEYS: &[&str] = &["fixed", "uniform", "exponential", "lognormal"];

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LogNormalForm<T> {
    median: T,
    sigma: f64,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for RawDist<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = RawDist<T>;
            expecting!(
                "a value with a unit, or a mapping with one of `fixed`, `uniform: [low, high]`, \
                 `exponential: mean`, `lognormal: {median, sigma}`"
            );
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDist<T>, E> {
                T::deserialize(StrDeserializer::<E>::new(v)).map(RawDist::Fixed)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawDist<T>, E> {
                T::deserialize(U64Deserializer::<E>::new(v)).map(RawDist::Fixed)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawDist<T>, A::Error> {
                let key = single_key(&mut map, DIST_KEYS)?;
                let v = match key {
                    "fixed" => RawDist::Fixed(map.next_value()?),
                    "uniform" => {
                        let (a, b): (T, T) = map.next_value()?;
                        RawDist::Uniform(a, b)
                    }
                    "exponential" => RawDist::Exponential(map.next_value()?),
                    _ => {
                        let f: LogNormalForm<T> = map.next_value()?;
                        RawDist::LogNormal {
                            median: f.median,
                            sigma: f.sigma,
                        }
                    }
                };
                no_second_key(&mut map, key)?;
                Ok(v)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}
