//! PostgreSQL's binary `numeric` to the exact text the server itself prints (its get_str_from_var).
pub fn numeric_text(raw: &[u8]) -> Option<String> {
    let word = |i: usize| raw.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let ndigits = word(0)? as usize;
    let weight = word(2)? as i16 as i32;
    let sign = word(4)?;
    let dscale = word(6)? as usize;
    match sign {
        0xC000 => return Some("NaN".into()),
        0xD000 => return Some("Infinity".into()),
        0xF000 => return Some("-Infinity".into()),
        _ => {}
    }
    let digit = |i: i32| -> Option<u16> {
        if i < 0 || i as usize >= ndigits {
            Some(0)
        } else {
            word(8 + 2 * i as usize)
        }
    };
    let mut out = String::with_capacity(16 + dscale);
    if sign == 0x4000 {
        out.push('-');
    }
    if weight < 0 {
        out.push('0');
    } else {
        for i in 0..=weight {
            let d = digit(i)?;
            if i == 0 {
                out.push_str(&d.to_string())
            } else {
                out.push_str(&format!("{d:04}"))
            }
        }
    }
    if dscale > 0 {
        out.push('.');
        let start = out.len();
        let mut i = weight + 1;
        while out.len() - start < dscale {
            out.push_str(&format!("{:04}", digit(i)?));
            i += 1;
        }
        out.truncate(start + dscale);
    }
    Some(out)
}
