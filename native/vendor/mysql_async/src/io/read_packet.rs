// Copyright (c) 2017 Anatoly Ikorsky
//
// Licensed under the Apache License, Version 2.0
// <LICENSE-APACHE or http://www.apache.org/licenses/LICENSE-2.0> or the MIT
// license <LICENSE-MIT or http://opensource.org/licenses/MIT>, at your
// option. All files in the project carrying such notice may not be copied,
// modified, or distributed except according to those terms.

use futures_core::{ready, stream::Stream};

use std::{
    future::Future,
    io::{Error, ErrorKind},
    pin::Pin,
    task::{Context, Poll},
};

use crate::{buffer_pool::PooledBuf, connection_like::Connection, error::IoError};

/// Reads a packet.
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ReadPacket<'a, 't>(pub(crate) Connection<'a, 't>);

impl<'a, 't> ReadPacket<'a, 't> {
    pub(crate) fn new<T: Into<Connection<'a, 't>>>(conn: T) -> Self {
        Self(conn.into())
    }

    #[cfg(feature = "binlog")]
    pub(crate) fn conn_ref(&self) -> &crate::Conn {
        &self.0
    }
}

impl Future for ReadPacket<'_, '_> {
    type Output = std::result::Result<PooledBuf, IoError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let packet_opt = match self.0.as_mut().stream_mut() {
            Ok(stream) => ready!(Pin::new(stream).poll_next(cx)).transpose()?,
            // `ConnectionClosed` error.
            Err(_) => None,
        };

        match packet_opt {
            Some(packet) => {
                // Oxen's patch (see native/vendor/README.md): a row packet does not touch the
                // connection's last-IO time, which only this crate's own pool reads (Oxen does not use
                // it): one clock read per row was 3% of a 10,000-row select's CPU. A response's first
                // packet, read before its result set is pending, still touches it.
                let conn = self.0.as_mut();
                if !conn.has_pending_result() {
                    conn.touch();
                }
                Poll::Ready(Ok(packet))
            }
            None => Poll::Ready(Err(Error::new(
                ErrorKind::UnexpectedEof,
                "connection closed",
            )
            .into())),
        }
    }
}
