package com.uberpopug.ates.analytics.web;

import com.uberpopug.ates.analytics.report.DailyMostExpensiveTask;
import com.uberpopug.ates.analytics.report.ExpensiveTask;
import com.uberpopug.ates.analytics.report.MostExpensiveTask;
import com.uberpopug.ates.analytics.report.TodayFigures;
import io.quarkus.qute.TemplateData;
import java.time.LocalDate;
import java.util.List;

/** Everything the admin dashboard shows, for the date the admin picked. */
@TemplateData
@TemplateData(target = TodayFigures.class)
@TemplateData(target = MostExpensiveTask.class)
@TemplateData(target = DailyMostExpensiveTask.class)
@TemplateData(target = ExpensiveTask.class)
@TemplateData(target = BarChart.class)
@TemplateData(target = BarChart.Bar.class)
public record Dashboard(
        String username,
        String zone,
        TodayFigures today,
        LocalDate date,
        String dateError,
        MostExpensiveTask day,
        MostExpensiveTask week,
        MostExpensiveTask month,
        MostExpensiveTask monthToDate,
        List<DailyMostExpensiveTask> perDay,
        BarChart earningsChart,
        BarChart negativeChart) {

    /** Management lost money today. */
    public boolean loss() {
        return today.managementEarnings().signum() < 0;
    }
}
