use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use super::browser::*;
use crate::helpers::spawn_app_with;

/// A minimal SMTP server that accepts one message and hands back what was in its DATA.
async fn one_mail_smtp_server() -> (u16, tokio::sync::oneshot::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 test ESMTP\r\n").await.unwrap();
        let mut data = String::new();
        let mut in_data = false;
        while let Ok(Some(line)) = lines.next_line().await {
            if in_data {
                if line == "." {
                    in_data = false;
                    write.write_all(b"250 queued\r\n").await.unwrap();
                } else {
                    data.push_str(&line);
                    data.push('\n');
                }
                continue;
            }
            let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" | "HELO" => b"250 test\r\n",
                "DATA" => {
                    in_data = true;
                    b"354 go on\r\n"
                }
                "QUIT" => {
                    write.write_all(b"221 bye\r\n").await.unwrap();
                    break;
                }
                _ => b"250 ok\r\n",
            };
            write.write_all(reply).await.unwrap();
        }
        let _ = sender.send(data);
    });
    (port, receiver)
}

#[tokio::test]
async fn with_smtp_configured_the_verification_mail_is_delivered_by_smtp() {
    let (port, received) = one_mail_smtp_server().await;
    let app = spawn_app_with(|config| {
        config.mail.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        // The tests read codes from the demo outbox; SMTP with demo mode needs saying so.
        config.demo_public = true;
    })
    .await;
    let mut browser = Browser::new(&app);

    sign_up(&mut browser, "ann@example.com").await;

    let data = tokio::time::timeout(std::time::Duration::from_secs(15), received).await.expect("a mail within 15 s").unwrap();
    let code = latest_code(&app, "ann@example.com").await;
    assert!(data.contains("To: ann@example.com"), "{data}");
    assert!(data.contains(&code), "{data}");
    // A plain-text part and an HTML part with the same words.
    assert!(data.contains("multipart/alternative"), "{data}");
    assert!(data.contains("text/plain") && data.contains("text/html"), "{data}");
    // The outbox records the delivery right after the server's last reply.
    for _ in 0..50 {
        if mails_to(&app, "ann@example.com").await[0].sent {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the outbox never recorded the delivery");
}
