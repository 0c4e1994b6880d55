use ruma_events::AnySyncTimelineEvent;

fn main() {
    let json = std::env::args().nth(1).unwrap_or_default();
    match serde_json::from_str::<AnySyncTimelineEvent>(&json) {
        Ok(event) => println!("{}", event.event_type()),
        Err(error) => println!("{error}"),
    }
}
