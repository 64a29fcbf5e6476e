fn main() {
    match matang::Pack::builtin("smart-city-quickwin") {
        Ok(p) => {
            let r = matang::Record::from_json(serde_json::json!({"id":"x","assessed_on":"2019-10-01","stage":"live","go_live_date":"2019-01-01","legal_basis":"perbup","trained_staff":3,"target_users":1000,"active_users_month":120, "roadmap_planned": 10, "roadmap_realised": 9})).unwrap();
            let a = p.assess(&r, matang::Lang::Id);
            println!(
                "{}",
                serde_json::to_string_pretty(&a.map_err(|e| e.to_string())).unwrap()
            );
        }
        Err(e) => println!("ERR {e}"),
    }
}
